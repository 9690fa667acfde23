import Foundation

extension IngestError: ExitCoded {}
extension ClassifyError: ExitCoded {}
extension AnalyzeError: ExitCoded {}
