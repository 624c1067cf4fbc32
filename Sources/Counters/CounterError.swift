/// Why a counter file could not be read: the file, the byte offset where reading stopped, what
/// was expected there and what was found.
public struct CounterError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var offset: Int
    public var expected: String
    public var found: String?

    public init(file: String, offset: Int, expected: String, found: String? = nil) {
        self.file = file
        self.offset = offset
        self.expected = expected
        self.found = found
    }

    public var description: String {
        "\(file): byte \(offset): expected \(expected)" + (found.map { ", found \($0)" } ?? "")
    }
}
