import CGnuTLSShim
import NIOCore

/// The secret behind stateless DTLS cookies, replaced every `lifetime` so a cookie stays valid
/// for one to two lifetimes (the previous key is still accepted), never forever.
final class DTLSCookieKeys {
    private var current: gnutls_datum_t
    private var previous: gnutls_datum_t?
    private var rotatesAt: NIODeadline?
    private let lifetime: TimeAmount

    init(lifetime: TimeAmount) throws(DTLSError) {
        self.lifetime = lifetime
        current = try Self.generate()
    }

    deinit {
        cgnutls_cookie_key_free(&current)
        if var previous {
            cgnutls_cookie_key_free(&previous)
        }
    }

    private static func generate() throws(DTLSError) -> gnutls_datum_t {
        var key = gnutls_datum_t()
        let rc = cgnutls_cookie_key_new(&key)
        guard rc == GNUTLS_E_SUCCESS else {
            throw DTLSError("cannot generate the DTLS cookie key: \(String(cString: gnutls_strerror(rc)))")
        }
        return key
    }

    /// Replaces the key when its lifetime is over (time is the caller's, as everywhere here).
    func rotateIfDue(now: NIODeadline) {
        guard let due = rotatesAt else {
            rotatesAt = now + lifetime
            return
        }
        guard now >= due, let fresh = try? Self.generate() else { return }
        if var previous {
            cgnutls_cookie_key_free(&previous)
        }
        if now >= due + lifetime {
            // Two lifetimes passed: the current key is too old to honour as well.
            cgnutls_cookie_key_free(&current)
            previous = nil
        } else {
            previous = current
        }
        current = fresh
        rotatesAt = now + lifetime
    }

    /// True when `message` (a ClientHello from `address`) carries a cookie made by either key;
    /// fills `prestate` for the session that will take over.
    func verify(_ message: UnsafeRawBufferPointer, from address: UnsafeRawPointer, length: Int, prestate: inout gnutls_dtls_prestate_st) -> Bool {
        let client = UnsafeMutableRawPointer(mutating: address)
        let data = UnsafeMutableRawPointer(mutating: message.baseAddress)
        if gnutls_dtls_cookie_verify(&current, client, length, data, message.count, &prestate) == GNUTLS_E_SUCCESS {
            return true
        }
        guard var older = previous else { return false }
        prestate = gnutls_dtls_prestate_st()
        return gnutls_dtls_cookie_verify(&older, client, length, data, message.count, &prestate) == GNUTLS_E_SUCCESS
    }

    /// Writes a HelloVerifyRequest with a cookie for `address` into the transport's output.
    func sendCookie(to address: UnsafeRawPointer, length: Int, transport: UnsafeMutablePointer<cgnutls_transport>) -> Bool {
        var prestate = gnutls_dtls_prestate_st()
        return cgnutls_cookie_send(&current, address, length, &prestate, transport) >= 0
    }
}
