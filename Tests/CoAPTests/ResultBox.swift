@testable import CoAP

/// Captures the one result of an exchange.
final class ResultBox {
    var result: Result<CoAPMessage, CoAPError>?
    var response: CoAPMessage? { try? result?.get() }
    var error: CoAPError? {
        if case .failure(let error) = result { return error }
        return nil
    }
    var set: (Result<CoAPMessage, CoAPError>) -> Void { { [unowned self] in self.result = $0 } }
}

extension CoAPMessage {
    /// The same request with the token cleared, so the layer picks a random one.
    var withoutToken: CoAPMessage {
        var copy = self
        copy.token = .empty
        return copy
    }
}
