/// One SMB2 header and its body, as found in a message or a compound chain ([MS-SMB2] 3.2.4.1.4).
struct SMBOperation {
    var header: SMBHeader
    var body: SMBBody
    /// Set when the body could not be decoded; the header is still good.
    var problem: SMBParse?
}
