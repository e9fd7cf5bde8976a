import CoAP

/// An error answer to a request, carried through `Result` until it is sent.
struct Refusal: Error {
    let response: CoAPResponse

    init(_ code: CoAPCode) { response = CoAPResponse(code) }
    init(_ code: CoAPCode, text: String) { response = CoAPResponse(code, text: text) }
}
