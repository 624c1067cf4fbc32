/// Two fields of a flow that a rule hashes together (source and destination address, MAC
/// pair), for counting the distinct keys a model saw.
struct KeyPair<A: Hashable, B: Hashable>: Hashable {
    var a: A
    var b: B
    init(_ a: A, _ b: B) {
        self.a = a
        self.b = b
    }
}
