/// The part of an SMB2 message body TeamScope decodes, by command and direction.
enum SMBBody {
    case negotiateRequest(SMBNegotiateRequest)
    case negotiateResponse(SMBNegotiateResponse)
    case sessionSetupRequest(SMBSessionSetupRequest)
    case sessionSetupResponse(SMBSessionSetupResponse)
    case treeConnectRequest(SMBTreeConnectRequest)
    case treeConnectResponse(SMBTreeConnectResponse)
    case ioctlResponse(SMBIoctlResponse)
    /// READ request Length, READ response DataLength, WRITE request Length, WRITE response Count.
    case readRequest(Int), readResponse(Int), writeRequest(Int), writeResponse(Int)
    case logoff
    /// An ERROR response (2.2.2) to a failed request.
    case error
    /// A command whose body TeamScope does not need, or one that could not be decoded.
    case other
}
