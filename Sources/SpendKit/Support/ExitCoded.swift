/// Any error the tool reports; its exit code follows SPEC §5 (sysexits).
public protocol ExitCoded: Error, CustomStringConvertible { var exitCode: Int32 { get } }
