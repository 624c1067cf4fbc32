import ArgumentParser
import Foundation
import Reporting
import TeamAnalysis

/// `analyze --format csv -o DIR`: the folder made when missing, one file per table.
enum CSVFolder {
    /// Makes `path` a folder that can be written, before the analysis starts.
    static func prepare(_ path: String) throws {
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
        // `-o x.csv` means one file, which CSV is not: refuse rather than make a folder so named.
        if !exists && path.lowercased().hasSuffix(".csv") {
            let folder = String(path.dropLast(4))
            printError("teamscope: --format csv -o \(path): CSV writes a folder of three tables (members.csv, flows.csv, throughput.csv), not one file: name a folder (e.g. -o \(folder.isEmpty ? "report" : folder)), or give -o - for the members table on standard output")
            throw ExitCode(2)
        }
        if exists {
            guard isDirectory.boolValue else {
                printError("teamscope: -o \(path): with --format csv, -o names a folder for members.csv, flows.csv and throughput.csv; \(path) is a file")
                throw ExitCode(2)
            }
        } else {
            do {
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            } catch {
                printError("teamscope: -o \(path): cannot make the folder (\(error.localizedDescription))")
                throw ExitCode(2)
            }
        }
        guard FileManager.default.isWritableFile(atPath: path) else {
            printError("teamscope: -o \(path): the folder cannot be written")
            throw ExitCode(2)
        }
    }

    static func write(_ report: AnalysisReport, to folder: String) throws {
        for table in CSVReport.Table.allCases {
            let path = (folder as NSString).appendingPathComponent(table.fileName)
            guard FileManager.default.createFile(atPath: path, contents: Data(try CSVReport.render(report, table: table).utf8)) else {
                printError("teamscope: cannot write \(path)")
                throw ExitCode(2)
            }
        }
    }
}
