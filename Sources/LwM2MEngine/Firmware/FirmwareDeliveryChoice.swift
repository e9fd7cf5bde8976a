import Foundation

/// PUSH or PULL for one firmware update (SPEC §8): from the device's stored
/// `fwUpdateDeliveryMethod` and `fwUpdateSupportedDeviceProtocol`, what it reports in /5/0/9
/// (delivery method) and /5/0/8 (protocols), and whether the image is in our repository.
struct FirmwareDeliveryChoice: Sendable, Equatable {
    /// How the image goes to the device.
    enum Method: Sendable, Equatable {
        /// Block-wise write of the image to /5/0/0.
        case push
        /// Write of this URI to /5/0/1; the device downloads it.
        case pull(String)
    }

    /// The stored `fwUpdateDeliveryMethod` (PUSH, PULL, BOTH), nil when not set.
    var setting: String?
    /// The stored `fwUpdateSupportedDeviceProtocol` (COAP, COAPS, HTTP, HTTPS), nil when not set.
    var settingProtocol: String?
    /// /5/0/9 as read (0 pull, 1 push, 2 both), nil when the device did not report it.
    var reported: Int64?
    /// /5/0/8 as read (0 CoAP, 1 CoAPS, 2 HTTP, 3 HTTPS, …); empty when not reported.
    var protocols: [Int64]

    private var deviceCanPull: Bool { reported == nil || reported == 0 || reported == 2 }
    private var deviceCanPush: Bool { reported == nil || reported == 1 || reported == 2 }
    private var settingAllowsPull: Bool { setting == nil || setting == "PULL" || setting == "BOTH" }
    private var settingAllowsPush: Bool { setting == nil || setting == "PUSH" || setting == "BOTH" }

    /// True when the device downloads over `scheme` (coap, coaps, http, https).
    func supports(scheme: String) -> Bool {
        let numbers: [String: Int64] = ["coap": 0, "coaps": 1, "http": 2, "https": 3]
        let scheme = scheme.lowercased()
        if let settingProtocol, settingProtocol.lowercased() != scheme { return false }
        guard !protocols.isEmpty else { return true }
        guard let number = numbers[scheme] else { return false }
        return protocols.contains(number)
    }

    /// The method for an image in our repository, served at `servedURI` (coap or coaps).
    /// Both possible: PULL (the device paces its own download).
    func forRepositoryImage(servedURI: String) throws(EngineError) -> Method {
        let scheme = URL(string: servedURI)?.scheme ?? "coap"
        let pull = deviceCanPull && settingAllowsPull && supports(scheme: scheme)
        let push = deviceCanPush && settingAllowsPush
        if pull { return .pull(servedURI) }
        if push { return .push }
        throw EngineError("no delivery method fits: " + reasons(scheme: scheme))
    }

    /// The method for an external URL (not in our repository): PULL as-is, or a reason why not.
    func forExternalURL(_ url: String) throws(EngineError) -> Method {
        let scheme = URL(string: url)?.scheme ?? ""
        guard deviceCanPull, settingAllowsPull, supports(scheme: scheme) else {
            throw EngineError("\(url) is not in the repository and the device cannot download it itself: " + reasons(scheme: scheme))
        }
        return .pull(url)
    }

    private func reasons(scheme: String) -> String {
        var parts: [String] = []
        if let setting { parts.append("fwUpdateDeliveryMethod is \(setting)") }
        parts.append("the device reports delivery method \(reported.map { ["0 (pull only)", "1 (push only)", "2 (pull and push)"][Int(min(max($0, 0), 2))] } ?? "nothing") in /5/0/9")
        if !supports(scheme: scheme) {
            parts.append("it does not download over \(scheme.uppercased())"
                + (settingProtocol.map { " (fwUpdateSupportedDeviceProtocol \($0))" } ?? "")
                + (protocols.isEmpty ? "" : " (/5/0/8: \(protocols.map(String.init).joined(separator: ",")))"))
        }
        return parts.joined(separator: "; ")
    }
}
