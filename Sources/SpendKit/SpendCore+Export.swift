/// SpendCore (the byte-level primitives the hot loop runs in, built with -Ounchecked) is part of SpendKit's API:
/// every file here and every user of SpendKit sees its types without an import of its own.
@_exported import SpendCore
