#ifndef CGNUTLS_SHIM_H
#define CGNUTLS_SHIM_H
/* GnuTLS for Swift: the headers plus small helpers for what Swift cannot import
   (function-like macros, variadic calls). Keep this file thin. */
#include <stddef.h>
#include <stdint.h>
#include <gnutls/gnutls.h>
#include <gnutls/dtls.h>
#include <gnutls/crypto.h>

/** Returns the GnuTLS library version string, e.g. "3.7.9". */
const char *cgnutls_version(void);

/** Looks up the PSK for an identity: fills `key` (via cgnutls_datum_set) and returns 0, or
    returns -1 when the identity is unknown. */
typedef int (*cgnutls_psk_lookup)(void *context, const unsigned char *identity,
                                  size_t identity_length, gnutls_datum_t *key);

/** The in-memory transport shared by every DTLS session of one endpoint. All sessions are
    driven from one thread, one call at a time, so one input slot and one output list suffice:
    the caller sets the input datagram, calls GnuTLS, then drains the output datagrams. */
typedef struct cgnutls_transport {
    const unsigned char *input;   /* the datagram being processed (borrowed) */
    size_t input_length;
    int input_ready;              /* 1 until GnuTLS has pulled the datagram */
    unsigned char *output;        /* datagrams as [u16 big-endian length][bytes]... */
    size_t output_length;
    size_t output_capacity;
    cgnutls_psk_lookup psk_lookup; /* server PSK lookup, may be NULL */
    void *psk_context;
} cgnutls_transport;

/** Allocates a transport (NULL on allocation failure). */
cgnutls_transport *cgnutls_transport_new(void);
/** Frees a transport and its output buffer. */
void cgnutls_transport_free(cgnutls_transport *transport);
/** Lends one received datagram to the transport until the next call of this or clear_input. */
void cgnutls_transport_set_input(cgnutls_transport *transport, const void *data, size_t length);
/** Forgets the lent datagram. */
void cgnutls_transport_clear_input(cgnutls_transport *transport);
/** Empties the output list, releasing a large buffer. */
void cgnutls_transport_clear_output(cgnutls_transport *transport);
/** Reads the output datagram at *offset: returns its length and sets *data, advancing *offset;
    returns 0 at the end. */
size_t cgnutls_transport_next_output(const cgnutls_transport *transport, size_t *offset,
                                     const unsigned char **data);

/** Creates PSK server credentials whose lookup goes through the session's transport. */
int cgnutls_psk_server_credentials_new(gnutls_psk_server_credentials_t *out, const char *hint);
/** Creates PSK client credentials with a fixed identity and raw key. */
int cgnutls_psk_client_credentials_new(gnutls_psk_client_credentials_t *out,
                                       const unsigned char *identity, size_t identity_length,
                                       const unsigned char *key, size_t key_length);
/** Creates a non-blocking DTLS session (server or client) bound to the shared transport. */
int cgnutls_dtls_session_new(gnutls_session_t *out, int server, gnutls_priority_t priority,
                             gnutls_credentials_type_t credentials_type, void *credentials,
                             cgnutls_transport *transport, unsigned mtu,
                             unsigned retransmit_ms, unsigned total_ms);
/** Copies bytes into a datum with gnutls_malloc (as GnuTLS callbacks require). */
int cgnutls_datum_set(gnutls_datum_t *datum, const unsigned char *data, size_t length);
/** Generates a random cookie key. */
int cgnutls_cookie_key_new(gnutls_datum_t *key);
/** Frees a key from cgnutls_cookie_key_new. */
void cgnutls_cookie_key_free(gnutls_datum_t *key);
/** Sends a HelloVerifyRequest for the client address into the transport's output. */
int cgnutls_cookie_send(gnutls_datum_t *key, const void *address, size_t address_length,
                        gnutls_dtls_prestate_st *prestate, cgnutls_transport *transport);
/** Returns 1 when the datagram starts with an epoch-0 DTLS record holding a ClientHello. */
int cgnutls_is_client_hello(const unsigned char *data, size_t length);
/** Returns the PSK identity the server authenticated into *identity (borrowed), or an error. */
int cgnutls_psk_server_identity(gnutls_session_t session, const unsigned char **identity,
                                size_t *length);
/** Sends close_notify without waiting for the peer's. */
int cgnutls_bye(gnutls_session_t session);
/** Allocated bytes in use on the C heap (glibc mallinfo2), for benchmarks. */
size_t cgnutls_heap_in_use(void);
/** Free bytes held inside malloc's arenas (glibc mallinfo2 fordblks), for benchmarks. */
size_t cgnutls_heap_free(void);

/** An established DTLS 1.2 AEAD session's record layer, lifted out of GnuTLS so the ~9 KB
    `gnutls_session_t` can be freed while a device idles: keys, implicit IVs, sequence numbers,
    the replay window and the client random. 152 bytes. */
typedef struct cgnutls_record_state {
    unsigned char read_key[32];
    unsigned char write_key[32];
    unsigned char read_iv[12];
    unsigned char write_iv[12];
    unsigned char client_random[32];
    uint64_t write_sequence;   /* epoch << 48 | the next sequence number to send */
    uint64_t read_highest;     /* epoch << 48 | the highest sequence number accepted */
    uint64_t read_window;      /* bit i set: read_highest - i was accepted (RFC 6347 4.1.2.6) */
    uint16_t cipher;           /* gnutls_cipher_algorithm_t */
    uint16_t data_mtu;         /* the largest plaintext one datagram carries */
    uint8_t key_size;
    uint8_t iv_size;           /* implicit IV: 4 (GCM, CCM) or 12 (ChaCha20-Poly1305, XORed) */
    uint8_t explicit_iv_size;  /* 8 (GCM, CCM) or 0 */
    uint8_t tag_size;          /* 8 (CCM-8) or 16 */
} cgnutls_record_state;

/** Copies an established server session's record layer into *state. Returns 0, or a negative
    GnuTLS error when the session cannot be lifted out (not DTLS 1.2, not an AEAD suite, data
    still buffered inside GnuTLS, the peer limits records below the data MTU). The session must
    use a cgnutls_transport: a probe record is written to it and cut off again. */
int cgnutls_record_state_export(gnutls_session_t session, cgnutls_record_state *state);
/** Encrypts one record of `type` into the transport's output as its own datagram and advances
    the write sequence. Returns 0, GNUTLS_E_LARGE_PACKET when `length` exceeds the data MTU, or
    another negative GnuTLS error. */
int cgnutls_record_seal(cgnutls_record_state *state, uint8_t type, const void *data, size_t length,
                        cgnutls_transport *transport);
/** Opens the record at *offset of `datagram` into `plain` (room for `capacity` bytes) and
    advances *offset past it. Returns 1 with *type and *plain_length set for an authentic,
    fresh record (the replay window is updated); 0 at the end of the datagram; -1 for a record
    to drop (wrong epoch or version, replayed, too short, not authentic); -2 when the rest of
    the datagram is not a record (stop reading). */
int cgnutls_record_open(cgnutls_record_state *state, const unsigned char *datagram, size_t length,
                        size_t *offset, uint8_t *type, unsigned char *plain, size_t capacity,
                        size_t *plain_length);
/** Overwrites the keys in *state with zeros. */
void cgnutls_record_state_wipe(cgnutls_record_state *state);

#endif
