import ArgumentParser

struct Samples: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Rebuild the sample captures in Captures/ (deterministic: the same bytes every time)."
    )

    @Argument(help: "Folder to write the samples into.")
    var folder: String = "Captures"

    func run() throws {
        throw ValidationError("not yet")
    }
}
