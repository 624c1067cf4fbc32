/// One field of a CSV row: its text (quotes removed, `""` made `"`) and the byte offset where it
/// starts in the file.
public struct CSVField: Sendable, Equatable {
    public var text: String
    public var offset: Int
    public var quoted: Bool
}
