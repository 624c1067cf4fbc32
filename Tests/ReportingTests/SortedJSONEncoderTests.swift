import Claims
import Foundation
import LabTraffic
@testable import Reporting
import TeamAnalysis
import TeamingModels
import TestSupport
import XCTest

/// `SortedJSONEncoder` writes what Foundation's `JSONEncoder` writes with `JSONOutput`'s options,
/// byte for byte: on everything the commands write (every sample report, a live capture's report,
/// `verify`'s and `simulate`'s JSON), on the values that test a writer (escapes, non-ASCII keys,
/// floating point, empty containers, nested and super encoders, keys set twice), and on a few
/// hundred random values that use every container in every way; it refuses what Foundation
/// refuses. And no encoded type leans on a key strategy: the keys are the types' own.
final class SortedJSONEncoderTests: XCTestCase {
    func foundation<T: Encodable>(_ value: T, strategy: JSONEncoder.KeyEncodingStrategy = .useDefaultKeys) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = strategy
        return Array(try encoder.encode(value))
    }

    /// `value` written the same by both encoders.
    func assertSame<T: Encodable>(_ value: T, _ what: String, file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(String(decoding: try SortedJSONEncoder.encode(value), as: UTF8.self), String(decoding: try foundation(value), as: UTF8.self),
                       what, file: file, line: line)
    }

    /// What a command writes: written the same by both encoders, and its keys the types' own
    /// snake_case ones — `.convertToSnakeCase` (which `JSONOutput` set until the types spelled
    /// their keys) changes nothing, so a field or case added without its snake_case key fails
    /// here. (Foundation leaves a dictionary's keys, member and host names, to the strategy.)
    func assertWritten<T: Encodable>(_ value: T, _ what: String, file: StaticString = #filePath, line: UInt = #line) throws {
        try assertSame(value, what, file: file, line: line)
        XCTAssertEqual(String(decoding: try foundation(value, strategy: .convertToSnakeCase), as: UTF8.self), String(decoding: try foundation(value), as: UTF8.self),
                       "\(what): a key its type does not spell in snake_case", file: file, line: line)
    }

    // MARK: What the commands write

    /// A sample analysed as `make samples` does (host = folder, member = file name).
    func analyzer(_ sample: String) throws -> TeamAnalyzer {
        let root = TestEnvironment.repositoryRoot + "/Captures/\(sample)/"
        var specs: [CaptureSpec] = []
        for host in ["A", "B"] {
            for file in try FileManager.default.contentsOfDirectory(atPath: root + host).sorted() {
                specs.append(CaptureSpec(path: root + host + "/" + file, host: host, member: String(file.prefix { $0 != "." })))
            }
        }
        return try TeamAnalyzer(specs: specs, options: AnalysisOptions())
    }

    func testSampleReportsAsFoundationWritesThem() throws {
        for sample in ["lacp-l34", "smb-multichannel", "balance-rr", "windows-pktmon"] {
            let text = try String(contentsOfFile: "\(TestEnvironment.repositoryRoot)/Reports/\(sample).json", encoding: .utf8)
            let document = try JSONReport.parse(text)
            try assertWritten(document, sample)
            XCTAssertEqual(try JSONOutput.render(document), text, sample)
        }
    }

    /// `capture` and `monitor` write the report with what only a live capture has: link events
    /// and flows' moves between members.
    func testLiveReportAsFoundationWritesIt() throws {
        var report = try analyzer("lacp-l34").run()
        XCTAssertFalse(report.flows.isEmpty)
        report.flows[0].moves = [MoveReportFixture.move(at: 1_000, "eth0", "eth1")]
        report.linkEvents = [LinkEvent(host: "A", member: "eth1", timeNs: 1_700_000_000_000_000_000, event: .down),
                             LinkEvent(host: "A", member: "eth1", timeNs: 1_700_000_003_600_000_000, event: .up)]
        try assertWritten(Phrasebook.worded(report), "live report")
        try assertWritten(report, "the facts' own coding")
        XCTAssertEqual(try JSONReport.render(report), String(decoding: try foundation(Phrasebook.worded(report)), as: UTF8.self) + "\n")
    }

    /// `verify --format json` on the sample's claims that hold and those that fail, and
    /// `simulate --format json` over every policy for two and four members.
    func testVerifyAndSimulateAsFoundationWriteThem() throws {
        let analyzer = try analyzer("lacp-l34")
        let report = analyzer.run()
        for claims in ["claims-pass", "claims-fail"] {
            let text = try String(contentsOfFile: "\(TestEnvironment.repositoryRoot)/Captures/lacp-l34/\(claims).yaml", encoding: .utf8)
            let results = ClaimEvaluator.evaluate(try ClaimsFile.parse(text).claims, report: report)
            XCTAssertFalse(results.isEmpty)
            let passed = results.filter(\.passed).count
            try assertWritten(VerifyReport.Output(passed: passed, failed: results.count - passed, claims: results), claims)
            XCTAssertEqual(try VerifyReport.json(results), String(decoding: try foundation(VerifyReport.Output(passed: passed, failed: results.count - passed, claims: results)), as: UTF8.self) + "\n")
        }
        var results: [String: [SimulationResult]] = [:]
        for (host, flows) in analyzer.collectFlows() {
            for n in [2, 4] {
                for policy in Simulator.policies {
                    if let r = Simulator.run(flows, policy: policy, members: n) { results[host, default: []].append(r) }
                }
            }
        }
        XCTAssertEqual(results.keys.sorted(), ["A", "B"])
        try assertWritten(results.mapValues { $0.map(SimulationDocument.init) }, "simulate")
        XCTAssertEqual(try SimulationReport.json(results), String(decoding: try foundation(results.mapValues { $0.map(SimulationDocument.init) }), as: UTF8.self) + "\n")
    }

    // MARK: A writer's edges

    enum Shape: Codable, Equatable {
        case plain
        case labelled(count: Int, names: [String])
        case unlabelled(Double, String)
    }

    struct Leaf: Codable, Equatable {
        var flag: Bool
        var small: Int8
        var signed: Int64
        var unsigned: UInt64
        var wide: Int128
        var wideUnsigned: UInt128
        var ratio: Double
        var single: Float
        var missing: String?
        var doubly: Int??
        var shapes: [Shape]
        var none: [Int]
        var nothing: [String: Int]
        var byNumber: [Int: String]
        var nested: [[UInt16]]
        var optionals: [Int?]
    }

    struct Empty: Codable, Equatable {}

    struct Tree: Codable, Equatable {
        var text: String
        var leaves: [String: Leaf]
        var ratios: [Double]
        var singles: [Float]
        var empty: Empty
        var words: [String]
    }

    static let awkward = "quote \" backslash \\ slash / controls \u{0}\u{1}\u{8}\u{9}\u{A}\u{B}\u{C}\u{D}\u{F}\u{10}\u{1F} delete \u{7F} é e\u{301} \u{2028}\u{2029} \u{FEFF} →😀"

    func testWritersEdgesAsFoundationWritesThem() throws {
        let awkward = Self.awkward
        let ratios: [Double] = [0, -0.0, 1, -1, 2, 0.1, 0.30000000000000004, 1.0 / 3, 1e15, 1e16, 1e17, 1e20, 1e21, 1e-7, 2.5e-300, 123456789.125,
                                9007199254740992, 9007199254740994, -9.5e22, .greatestFiniteMagnitude, -.greatestFiniteMagnitude, .leastNonzeroMagnitude, .leastNormalMagnitude, .pi, .ulpOfOne]
        let singles: [Float] = [0, -0.0, 1, 0.1, 1e10, 3.4e38, .leastNonzeroMagnitude, .greatestFiniteMagnitude, .pi, 16_777_216]
        let leaf = Leaf(flag: true, small: -8, signed: .min, unsigned: .max, wide: .min, wideUnsigned: .max, ratio: 1.0 / 3, single: 0.1, missing: nil, doubly: .some(nil),
                        shapes: [.plain, .labelled(count: 2, names: [awkward, ""]), .unlabelled(2.5, "x")], none: [], nothing: [:], byNumber: [10: "ten", 9: "nine", -1: ""],
                        nested: [[1, 2], [], [65535]], optionals: [1, nil, 3])
        var other = leaf
        other.missing = awkward
        other.doubly = 7
        other.flag = false
        // Keys that sort differently by UTF-8 bytes than by String's `<` or by Unicode scalars
        // (é composed and decomposed, a letter above the BMP), and keys needing escapes.
        let keys = ["b", "B", "é", "z", "_", "a b", "\u{1F600}", "\u{FFFD}", "\"q\"", "a\nb", "", "10", "9", "a/b", "ab", "a"]
        let tree = Tree(text: awkward, leaves: Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($1, $0 % 2 == 0 ? leaf : other) }),
                        ratios: ratios, singles: singles, empty: Empty(), words: [awkward, "/", "", "\\/"])
        try assertSame(tree, "tree")
        try assertSame([tree, tree], "trees")
        try assertSame(Empty(), "empty")
        try assertSame([Empty()], "empties")
        try assertSame([String: Int](), "empty dictionary")
        try assertSame([[Int]](), "empty array")
        try assertSame([[[Int]]()], "an empty array in an array")
        try assertSame(Shape.plain, "a case without values")
        try assertSame(42, "a number alone")
        try assertSame(-0.0, "negative zero alone")
        try assertSame(awkward, "a string alone")
        try assertSame(Optional<Int>.none, "null alone")
        try assertSame([Data([0, 1, 254, 255]), Data()], "Data, as Base64")
        try assertSame([URL(string: "https://example.com/a?b=c")!, URL(fileURLWithPath: "/tmp/x y")], "URLs, as their absolute strings")
        try assertSame([Decimal(string: "12.50")!, Decimal(string: "-0.000001")!, Decimal(0)], "Decimals, as their descriptions")
        try assertSame([Date(timeIntervalSinceReferenceDate: 1.5)], "a Date, as it encodes itself")
        // And it reads back (but for `.some(nil)`, which JSON cannot tell from nil).
        var readable = tree
        for key in keys where readable.leaves[key]?.doubly == .some(nil) { readable.leaves[key]?.doubly = nil }
        XCTAssertEqual(try JSONDecoder().decode(Tree.self, from: Data(try SortedJSONEncoder.encode(readable))), readable)
    }

    /// A key whose name is given when encoding.
    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ s: String) { stringValue = s }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Encodes with `body`.
    struct Custom: Encodable {
        let body: @Sendable (any Encoder) throws -> Void
        func encode(to encoder: any Encoder) throws { try body(encoder) }
    }

    class Base: Encodable {
        var inherited = 1
        init() {}
    }

    final class Derived: Base {
        var own = "x"
        enum Keys: String, CodingKey { case own }
        override func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(own, forKey: .own)
            try super.encode(to: c.superEncoder())
        }
    }

    /// Super encoders (keyed, by key, unkeyed), nested containers in both kinds of container,
    /// and keys set twice: a value set again replaces the first; a container asked for again —
    /// the encoder's, or a nested one under the same key — is the same container.
    func testContainersAsFoundationUsesThem() throws {
        try assertSame(Derived(), "a subclass's super encoder")
        try assertSame([Derived(), Derived()], "subclasses in an array")
        try assertSame(Custom { encoder in
            var c = encoder.container(keyedBy: AnyKey.self)
            try c.encode(1, forKey: AnyKey("a"))
            try c.encode("two", forKey: AnyKey("a"))
            try c.encodeNil(forKey: AnyKey("n"))
            try c.encodeIfPresent(Int?.none, forKey: AnyKey("omitted"))
            var k = c.nestedContainer(keyedBy: AnyKey.self, forKey: AnyKey("k"))
            try k.encode(true, forKey: AnyKey("first"))
            var again = c.nestedContainer(keyedBy: AnyKey.self, forKey: AnyKey("k"))
            try again.encode(false, forKey: AnyKey("second"))
            var u = c.nestedUnkeyedContainer(forKey: AnyKey("u"))
            try u.encode(1)
            var u2 = c.nestedUnkeyedContainer(forKey: AnyKey("u"))
            try u2.encode(2)
            try c.encode(Leafless(), forKey: AnyKey("s"))
            var s = c.nestedContainer(keyedBy: AnyKey.self, forKey: AnyKey("s"))
            try s.encode(3, forKey: AnyKey("added"))
            try Custom { sub in var x = sub.container(keyedBy: AnyKey.self); try x.encode(4, forKey: AnyKey("in_super")) }.encode(to: c.superEncoder())
            try Custom { sub in var x = sub.singleValueContainer(); try x.encode("by key") }.encode(to: c.superEncoder(forKey: AnyKey("sup")))
            try Custom { _ in }.encode(to: c.superEncoder(forKey: AnyKey("nothing")))
            try c.encode(Custom { _ in }, forKey: AnyKey("encodes_nothing"))
            var second = encoder.container(keyedBy: AnyKey.self)
            try second.encode(5, forKey: AnyKey("second_request"))
        }, "keyed")
        try assertSame(Custom { encoder in
            var u = encoder.unkeyedContainer()
            try u.encode(1)
            var k = u.nestedContainer(keyedBy: AnyKey.self)
            try k.encode(2, forKey: AnyKey("two"))
            var n = u.nestedUnkeyedContainer()
            try n.encode(3)
            _ = n.nestedUnkeyedContainer()
            try Custom { sub in var x = sub.singleValueContainer(); try x.encode("in super") }.encode(to: u.superEncoder())
            try u.encodeNil()
            try u.encode(Custom { _ in })
            var more = encoder.unkeyedContainer()
            try more.encode(4)
        }, "unkeyed")
        try assertSame(Custom { encoder in
            var single = encoder.singleValueContainer()
            try single.encode(Leafless())
            var c = encoder.container(keyedBy: AnyKey.self)
            try c.encode(1, forKey: AnyKey("after_single"))
        }, "a keyed container where an object was encoded whole")
        try assertSame(Custom { encoder in
            var c = encoder.container(keyedBy: AnyKey.self)
            try c.encode(1, forKey: AnyKey("\u{E9}"))
            try c.encode(2, forKey: AnyKey("e\u{301}"))
            try c.encode(3, forKey: AnyKey("a\u{301}\u{316}"))
            try c.encode(4, forKey: AnyKey("a\u{316}\u{301}"))
            try c.encode(5, forKey: AnyKey("b"))
            try c.encode(6, forKey: AnyKey("b"))
            try c.encode(7, forKey: AnyKey("\u{212B}"))
            try c.encode(8, forKey: AnyKey("A\u{30A}"))
        }, "keys equal as Strings but not as bytes: one key, as in Foundation's dictionary")
    }

    struct Leafless: Encodable {
        var x = 1
    }

    /// NaN and infinity are no JSON, nor is a top-level value that encodes nothing, nor
    /// containers nested 512 deep: refused, as Foundation refuses them.
    func testWhatFoundationRefusesIsRefused() throws {
        let refused: [(String, any Encodable)] = [
            ("NaN", [Double.nan]), ("infinity", [Double.infinity]), ("-infinity", -Double.infinity), ("Float NaN", [Float.nan]),
            ("keyed infinity", ["a": Double.infinity]), ("keyed Float", ["a": Float.infinity]),
            ("nothing", Custom { _ in }), ("512 deep", Nest(depth: 512)),
        ]
        for (what, value) in refused {
            XCTAssertThrowsError(try foundation(value), "Foundation, \(what)")
            XCTAssertThrowsError(try SortedJSONEncoder.encode(value), what) { error in
                guard case EncodingError.invalidValue = error else { return XCTFail("\(what): \(error)") }
            }
        }
        try assertSame(Nest(depth: 511), "511 deep")
    }

    /// Arrays `depth` deep.
    struct Nest: Encodable {
        let depth: Int
        func encode(to encoder: any Encoder) throws {
            var c = encoder.unkeyedContainer()
            if depth > 1 { try c.encode(Nest(depth: depth - 1)) }
        }
    }

    // MARK: Random values

    /// A JSON value, with how it is to be encoded: as a value of its own (`encode(_:)`) or into
    /// a nested container, a super encoder, or (arrays of numbers and strings) as a Swift array.
    indirect enum Node: Encodable {
        case null, bool(Bool), int(Int), int8(Int8), int64(Int64), uint32(UInt32), uint64(UInt64), double(Double), float(Float), string(String)
        case ints([Int]), strings([String]), doubles([Double])
        case array([Node], nested: Bool)
        case object([(String, Node)], nested: Bool)
        case viaSuper(Node)
        case optional(Node?)

        func encode(to encoder: any Encoder) throws {
            switch self {
            case .array(let items, _):
                var c = encoder.unkeyedContainer()
                for item in items { try Self.put(item, into: &c) }
            case .object(let pairs, _):
                var c = encoder.container(keyedBy: AnyKey.self)
                for (key, item) in pairs { try Self.put(item, into: &c, key: AnyKey(key)) }
            default:
                var c = encoder.singleValueContainer()
                switch self {
                case .null: try c.encodeNil()
                case .bool(let v): try c.encode(v)
                case .int(let v): try c.encode(v)
                case .int8(let v): try c.encode(v)
                case .int64(let v): try c.encode(v)
                case .uint32(let v): try c.encode(v)
                case .uint64(let v): try c.encode(v)
                case .double(let v): try c.encode(v)
                case .float(let v): try c.encode(v)
                case .string(let v): try c.encode(v)
                case .ints(let v): try c.encode(v)
                case .strings(let v): try c.encode(v)
                case .doubles(let v): try c.encode(v)
                case .viaSuper(let v), .optional(let v?): try c.encode(v)
                case .optional(nil): try c.encodeNil()
                case .array, .object: break
                }
            }
        }

        static func put(_ node: Node, into c: inout KeyedEncodingContainer<AnyKey>, key: AnyKey) throws {
            switch node {
            case .null: try c.encodeNil(forKey: key)
            case .bool(let v): try c.encode(v, forKey: key)
            case .int(let v): try c.encode(v, forKey: key)
            case .int8(let v): try c.encode(v, forKey: key)
            case .int64(let v): try c.encode(v, forKey: key)
            case .uint32(let v): try c.encode(v, forKey: key)
            case .uint64(let v): try c.encode(v, forKey: key)
            case .double(let v): try c.encode(v, forKey: key)
            case .float(let v): try c.encode(v, forKey: key)
            case .string(let v): try c.encode(v, forKey: key)
            case .ints(let v): try c.encode(v, forKey: key)
            case .strings(let v): try c.encode(v, forKey: key)
            case .doubles(let v): try c.encode(v, forKey: key)
            case .array(let items, nested: true):
                var n = c.nestedUnkeyedContainer(forKey: key)
                for item in items { try put(item, into: &n) }
            case .object(let pairs, nested: true):
                var n = c.nestedContainer(keyedBy: AnyKey.self, forKey: key)
                for (k, item) in pairs { try put(item, into: &n, key: AnyKey(k)) }
            case .array, .object: try c.encode(node, forKey: key)
            case .viaSuper(let v): try v.encode(to: c.superEncoder(forKey: key))
            case .optional(let v): try c.encodeIfPresent(v, forKey: key)
            }
        }

        static func put(_ node: Node, into c: inout any UnkeyedEncodingContainer) throws {
            switch node {
            case .null: try c.encodeNil()
            case .bool(let v): try c.encode(v)
            case .int(let v): try c.encode(v)
            case .int8(let v): try c.encode(v)
            case .int64(let v): try c.encode(v)
            case .uint32(let v): try c.encode(v)
            case .uint64(let v): try c.encode(v)
            case .double(let v): try c.encode(v)
            case .float(let v): try c.encode(v)
            case .string(let v): try c.encode(v)
            case .ints(let v): try c.encode(v)
            case .strings(let v): try c.encode(v)
            case .doubles(let v): try c.encode(v)
            case .array(let items, nested: true):
                var n = c.nestedUnkeyedContainer()
                for item in items { try put(item, into: &n) }
            case .object(let pairs, nested: true):
                var n = c.nestedContainer(keyedBy: AnyKey.self)
                for (k, item) in pairs { try put(item, into: &n, key: AnyKey(k)) }
            case .array, .object: try c.encode(node)
            case .viaSuper(let v): try v.encode(to: c.superEncoder())
            case .optional(let v): try c.encode(v)
            }
        }
    }

    /// Makes random nodes from a seeded generator (the same values on every run).
    struct Maker {
        var rng: SplitMix64

        mutating func next() -> UInt64 { rng.next() }

        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }

        static let pieces: [String] = ["a", "Z", "_", "0", "9", " ", "/", "\\", "\"", "\u{0}", "\u{8}", "\u{1B}", "\n", "\t", "\u{7F}", "é", "e\u{301}",
                                       "ß", "Ω", "\u{2028}", "€", "😀", "👩‍👩‍👧", "\u{FFFD}", "\u{10FFFF}", "key", "snake_case", "camelCase"]

        mutating func string() -> String { (0..<below(6)).map { _ in Self.pieces[below(Self.pieces.count)] }.joined() }

        mutating func double() -> Double {
            switch below(4) {
            case 0: return Double(Int64(bitPattern: next()) >> below(64))
            case 1: return Double(below(2_000_001) - 1_000_000) / [1, 10, 100, 3, 1e6, 1e-300][below(6)]
            default:
                let d = Double(bitPattern: next())
                return d.isFinite ? d : 0.5
            }
        }

        mutating func float() -> Float {
            let f = Float(bitPattern: UInt32(truncatingIfNeeded: next()))
            return f.isFinite ? f : -0.0
        }

        mutating func node(depth: Int) -> Node {
            let kinds = depth > 0 ? 18 : 14
            switch below(kinds) {
            case 0: return .null
            case 1: return .bool(below(2) == 0)
            case 2: return .int(Int(bitPattern: UInt(next())) >> below(64))
            case 3: return .int8(Int8(truncatingIfNeeded: next()))
            case 4: return .int64(Int64(bitPattern: next()))
            case 5: return .uint32(UInt32(truncatingIfNeeded: next()))
            case 6: return .uint64(next() >> below(64))
            case 7: return .double(double())
            case 8: return .float(float())
            case 9: return .string(string())
            case 10: return .ints((0..<below(4)).map { _ in Int(truncatingIfNeeded: next()) >> 20 })
            case 11: return .strings((0..<below(4)).map { _ in string() })
            case 12: return .doubles((0..<below(4)).map { _ in double() })
            case 13: return .optional(below(2) == 0 ? nil : .string(string()))
            case 14, 15: return .array((0..<below(5)).map { _ in node(depth: depth - 1) }, nested: below(2) == 0)
            case 16: return .viaSuper(node(depth: depth - 1))
            default:
                // Keys distinct within an object (keys set twice are tested on their own above).
                var keys: [String] = []
                for _ in 0..<below(6) {
                    let key = string()
                    if !keys.contains(key) && key != "super" { keys.append(key) }
                }
                return .object(keys.map { ($0, node(depth: depth - 1)) }, nested: below(2) == 0)
            }
        }
    }

    func testRandomValuesAsFoundationWritesThem() throws {
        var maker = Maker(rng: SplitMix64(seed: 24))
        var objects = 0
        for i in 0..<1_000 {
            let node = Node.object((0..<maker.below(5)).map { ("k\($0)", maker.node(depth: 4)) }, nested: false)
            let ours = try SortedJSONEncoder.encode(node)
            XCTAssertEqual(String(decoding: ours, as: UTF8.self), String(decoding: try foundation(node), as: UTF8.self), "value \(i)")
            objects += ours.count(where: { $0 == UInt8(ascii: "{") })
        }
        XCTAssertGreaterThan(objects, 1_000, "the random values hold objects enough to test")
    }
}
