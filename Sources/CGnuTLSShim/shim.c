#include "CGnuTLSShim.h"

#include <errno.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>

const char *cgnutls_version(void) { return gnutls_check_version(NULL); }

/* Output buffers larger than this are released after draining, so an idle endpoint keeps
   only a small buffer. */
#define CGNUTLS_OUTPUT_KEEP 4096

cgnutls_transport *cgnutls_transport_new(void) {
    return calloc(1, sizeof(cgnutls_transport));
}

void cgnutls_transport_free(cgnutls_transport *transport) {
    if (transport == NULL) return;
    free(transport->output);
    free(transport);
}

void cgnutls_transport_set_input(cgnutls_transport *transport, const void *data, size_t length) {
    transport->input = data;
    transport->input_length = length;
    transport->input_ready = 1;
}

void cgnutls_transport_clear_input(cgnutls_transport *transport) {
    transport->input = NULL;
    transport->input_length = 0;
    transport->input_ready = 0;
}

void cgnutls_transport_clear_output(cgnutls_transport *transport) {
    transport->output_length = 0;
    if (transport->output_capacity > CGNUTLS_OUTPUT_KEEP) {
        free(transport->output);
        transport->output = NULL;
        transport->output_capacity = 0;
    }
}

size_t cgnutls_transport_next_output(const cgnutls_transport *transport, size_t *offset,
                                     const unsigned char **data) {
    if (*offset + 2 > transport->output_length) return 0;
    const unsigned char *p = transport->output + *offset;
    size_t length = ((size_t)p[0] << 8) | p[1];
    *data = p + 2;
    *offset += 2 + length;
    return length;
}

static ssize_t transport_push(gnutls_transport_ptr_t ptr, const void *data, size_t length) {
    cgnutls_transport *transport = ptr;
    if (length > 0xFFFF) { errno = EMSGSIZE; return -1; }
    size_t needed = transport->output_length + 2 + length;
    if (needed > transport->output_capacity) {
        size_t capacity = transport->output_capacity ? transport->output_capacity * 2 : 2048;
        while (capacity < needed) capacity *= 2;
        unsigned char *grown = realloc(transport->output, capacity);
        if (grown == NULL) { errno = ENOMEM; return -1; }
        transport->output = grown;
        transport->output_capacity = capacity;
    }
    unsigned char *p = transport->output + transport->output_length;
    p[0] = (unsigned char)(length >> 8);
    p[1] = (unsigned char)(length & 0xFF);
    memcpy(p + 2, data, length);
    transport->output_length = needed;
    return (ssize_t)length;
}

static ssize_t transport_pull(gnutls_transport_ptr_t ptr, void *data, size_t length) {
    cgnutls_transport *transport = ptr;
    if (!transport->input_ready) { errno = EAGAIN; return -1; }
    /* A datagram is read whole; a short buffer truncates it, as recv(2) would. */
    size_t n = transport->input_length < length ? transport->input_length : length;
    memcpy(data, transport->input, n);
    transport->input_ready = 0;
    return (ssize_t)n;
}

static int transport_pull_timeout(gnutls_transport_ptr_t ptr, unsigned int ms) {
    (void)ms; /* never block: time is driven by the caller */
    cgnutls_transport *transport = ptr;
    return transport->input_ready ? 1 : 0;
}

static int psk_server_lookup(gnutls_session_t session, const gnutls_datum_t *username,
                             gnutls_datum_t *key) {
    cgnutls_transport *transport = gnutls_session_get_ptr(session);
    if (transport == NULL || transport->psk_lookup == NULL) return -1;
    return transport->psk_lookup(transport->psk_context, username->data, username->size, key);
}

int cgnutls_psk_server_credentials_new(gnutls_psk_server_credentials_t *out, const char *hint) {
    int ret = gnutls_psk_allocate_server_credentials(out);
    if (ret < 0) return ret;
    gnutls_psk_set_server_credentials_function2(*out, psk_server_lookup);
    if (hint != NULL && hint[0] != '\0') {
        ret = gnutls_psk_set_server_credentials_hint(*out, hint);
        if (ret < 0) { gnutls_psk_free_server_credentials(*out); return ret; }
    }
    return 0;
}

int cgnutls_psk_client_credentials_new(gnutls_psk_client_credentials_t *out,
                                       const unsigned char *identity, size_t identity_length,
                                       const unsigned char *key, size_t key_length) {
    int ret = gnutls_psk_allocate_client_credentials(out);
    if (ret < 0) return ret;
    gnutls_datum_t user = { (unsigned char *)identity, (unsigned)identity_length };
    gnutls_datum_t secret = { (unsigned char *)key, (unsigned)key_length };
    ret = gnutls_psk_set_client_credentials2(*out, &user, &secret, GNUTLS_PSK_KEY_RAW);
    if (ret < 0) { gnutls_psk_free_client_credentials(*out); return ret; }
    return 0;
}

int cgnutls_dtls_session_new(gnutls_session_t *out, int server, gnutls_priority_t priority,
                             gnutls_credentials_type_t credentials_type, void *credentials,
                             cgnutls_transport *transport, unsigned mtu,
                             unsigned retransmit_ms, unsigned total_ms) {
    unsigned flags = (server ? GNUTLS_SERVER : GNUTLS_CLIENT) | GNUTLS_DATAGRAM | GNUTLS_NONBLOCK;
    int ret = gnutls_init(out, flags);
    if (ret < 0) return ret;
    ret = gnutls_priority_set(*out, priority);
    if (ret >= 0) ret = gnutls_credentials_set(*out, credentials_type, credentials);
    if (ret < 0) { gnutls_deinit(*out); *out = NULL; return ret; }
    gnutls_session_set_ptr(*out, transport);
    gnutls_transport_set_ptr(*out, transport);
    gnutls_transport_set_push_function(*out, transport_push);
    gnutls_transport_set_pull_function(*out, transport_pull);
    gnutls_transport_set_pull_timeout_function(*out, transport_pull_timeout);
    gnutls_dtls_set_mtu(*out, mtu);
    gnutls_dtls_set_timeouts(*out, retransmit_ms, total_ms);
    return 0;
}

int cgnutls_datum_set(gnutls_datum_t *datum, const unsigned char *data, size_t length) {
    datum->data = gnutls_malloc(length > 0 ? length : 1);
    if (datum->data == NULL) { datum->size = 0; return GNUTLS_E_MEMORY_ERROR; }
    if (length > 0) memcpy(datum->data, data, length);
    datum->size = (unsigned)length;
    return 0;
}

int cgnutls_cookie_key_new(gnutls_datum_t *key) {
    return gnutls_key_generate(key, GNUTLS_COOKIE_KEY_SIZE);
}

void cgnutls_cookie_key_free(gnutls_datum_t *key) {
    gnutls_free(key->data);
    key->size = 0;
}

int cgnutls_cookie_send(gnutls_datum_t *key, const void *address, size_t address_length,
                        gnutls_dtls_prestate_st *prestate, cgnutls_transport *transport) {
    return gnutls_dtls_cookie_send(key, (void *)address, address_length, prestate, transport,
                                   transport_push);
}

int cgnutls_is_client_hello(const unsigned char *data, size_t length) {
    /* record: type(1) version(2) epoch(2) seq(6) length(2); handshake: msg_type(1) ... */
    if (length < 13 + 12) return 0;
    if (data[0] != 22) return 0;            /* handshake */
    if (data[3] != 0 || data[4] != 0) return 0; /* epoch 0 */
    return data[13] == 1;                    /* client_hello */
}

int cgnutls_psk_server_identity(gnutls_session_t session, const unsigned char **identity,
                                size_t *length) {
    gnutls_datum_t user = { NULL, 0 };
    int ret = gnutls_psk_server_get_username2(session, &user);
    if (ret < 0) return ret;
    *identity = user.data;
    *length = user.size;
    return 0;
}

int cgnutls_bye(gnutls_session_t session) {
    return gnutls_bye(session, GNUTLS_SHUT_WR);
}

size_t cgnutls_heap_in_use(void) {
    struct mallinfo2 info = mallinfo2();
    return info.uordblks + info.hblkhd;
}

size_t cgnutls_heap_free(void) {
    struct mallinfo2 info = mallinfo2();
    return info.fordblks;
}

/* ---- Compact record layer for established, idle DTLS 1.2 AEAD sessions ----
   Formats follow RFC 6347 §4.1 (record header), RFC 5288/6655 (GCM/CCM: nonce = implicit IV
   || explicit 8-byte epoch+sequence carried in the record) and RFC 7905 (ChaCha20-Poly1305:
   nonce = IV XOR epoch+sequence); the additional data is epoch+sequence || type || version ||
   plaintext length (RFC 5246 §6.2.3.3). */

#define CGNUTLS_DTLS12_MAJOR 0xFE
#define CGNUTLS_DTLS12_MINOR 0xFD
#define CGNUTLS_RECORD_HEADER 13

static void write_u64(unsigned char *p, uint64_t v) {
    for (int i = 7; i >= 0; i--) { p[i] = (unsigned char)(v & 0xFF); v >>= 8; }
}

static uint64_t read_u64(const unsigned char *p) {
    uint64_t v = 0;
    for (int i = 0; i < 8; i++) v = (v << 8) | p[i];
    return v;
}

static int record_cipher_shape(gnutls_cipher_algorithm_t cipher, uint8_t *iv, uint8_t *explicit_iv,
                               uint8_t *tag) {
    switch (cipher) {
    case GNUTLS_CIPHER_AES_128_CCM_8: case GNUTLS_CIPHER_AES_256_CCM_8:
        *iv = 4; *explicit_iv = 8; *tag = 8; return 0;
    case GNUTLS_CIPHER_AES_128_CCM: case GNUTLS_CIPHER_AES_256_CCM:
    case GNUTLS_CIPHER_AES_128_GCM: case GNUTLS_CIPHER_AES_256_GCM:
        *iv = 4; *explicit_iv = 8; *tag = 16; return 0;
    case GNUTLS_CIPHER_CHACHA20_POLY1305:
        *iv = 12; *explicit_iv = 0; *tag = 16; return 0;
    default:
        return GNUTLS_E_UNIMPLEMENTED_FEATURE;
    }
}

int cgnutls_record_state_export(gnutls_session_t session, cgnutls_record_state *state) {
    memset(state, 0, sizeof *state);
    if (gnutls_protocol_get_version(session) != GNUTLS_DTLS1_2) return GNUTLS_E_UNIMPLEMENTED_FEATURE;
    if (gnutls_record_check_pending(session) != 0) return GNUTLS_E_INVALID_REQUEST;
    gnutls_cipher_algorithm_t cipher = gnutls_cipher_get(session);
    int ret = record_cipher_shape(cipher, &state->iv_size, &state->explicit_iv_size, &state->tag_size);
    if (ret < 0) return ret;
    /* GnuTLS keeps the peer's record size limit (RFC 6066 max_fragment_length, RFC 8449
       record_size_limit) to itself, so ask it to send a record of the full data MTU: if the
       peer's limit is lower it refuses (GNUTLS_E_LARGE_PACKET) and the session stays with
       GnuTLS. The probe record is cut from the output, never sent; a gap in sequence numbers
       is normal in DTLS. */
    unsigned mtu = gnutls_dtls_get_data_mtu(session);
    if (mtu > 16384) mtu = 16384; /* the largest record plaintext (RFC 6347 4.1 via RFC 5246 6.2.1) */
    cgnutls_transport *transport = gnutls_transport_get_ptr(session);
    if (transport == NULL || mtu == 0 || mtu > 0xFFFF) return GNUTLS_E_INTERNAL_ERROR;
    unsigned char *probe = calloc(1, mtu);
    if (probe == NULL) return GNUTLS_E_MEMORY_ERROR;
    size_t kept = transport->output_length;
    ssize_t sent = gnutls_record_send(session, probe, mtu);
    transport->output_length = kept;
    free(probe);
    if (sent < 0) return (int)sent;
    gnutls_datum_t read_iv, read_key, write_iv, write_key;
    unsigned char read_seq[8], write_seq[8];
    ret = gnutls_record_get_state(session, 1, NULL, &read_iv, &read_key, read_seq);
    if (ret < 0) return ret;
    ret = gnutls_record_get_state(session, 0, NULL, &write_iv, &write_key, write_seq);
    if (ret < 0) return ret;
    if (read_key.size == 0 || read_key.size > sizeof state->read_key || read_key.size != write_key.size
        || read_iv.size != state->iv_size || write_iv.size != state->iv_size) {
        memset(state, 0, sizeof *state);
        return GNUTLS_E_INTERNAL_ERROR;
    }
    gnutls_datum_t client_random, server_random;
    gnutls_session_get_random(session, &client_random, &server_random);
    if (client_random.size == sizeof state->client_random)
        memcpy(state->client_random, client_random.data, client_random.size);
    memcpy(state->read_key, read_key.data, read_key.size);
    memcpy(state->write_key, write_key.data, write_key.size);
    memcpy(state->read_iv, read_iv.data, read_iv.size);
    memcpy(state->write_iv, write_iv.data, write_iv.size);
    state->key_size = (uint8_t)read_key.size;
    state->cipher = (uint16_t)cipher;
    state->write_sequence = read_u64(write_seq);
    /* GnuTLS reports the last record read plus one (it counts on after each record). */
    state->read_highest = read_u64(read_seq) - 1;
    /* GnuTLS's own window is not exported: everything up to the last record it read counts
       as seen, so no record it accepted can be replayed (an older record still in flight is
       dropped, as a lost datagram would be). */
    state->read_window = ~(uint64_t)0;
    state->data_mtu = (uint16_t)mtu;
    return 0;
}

static void record_nonce(const cgnutls_record_state *state, const unsigned char *iv, uint64_t sequence,
                         unsigned char nonce[12]) {
    if (state->explicit_iv_size == 0) {
        memset(nonce, 0, 4);
        write_u64(nonce + 4, sequence);
        for (int i = 0; i < 12; i++) nonce[i] ^= iv[i];
    } else {
        memcpy(nonce, iv, 4);
        write_u64(nonce + 4, sequence);
    }
}

static void record_additional_data(uint64_t sequence, uint8_t type, size_t plain_length, unsigned char aad[13]) {
    write_u64(aad, sequence);
    aad[8] = type;
    aad[9] = CGNUTLS_DTLS12_MAJOR;
    aad[10] = CGNUTLS_DTLS12_MINOR;
    aad[11] = (unsigned char)(plain_length >> 8);
    aad[12] = (unsigned char)(plain_length & 0xFF);
}

int cgnutls_record_seal(cgnutls_record_state *state, uint8_t type, const void *data, size_t length,
                        cgnutls_transport *transport) {
    if (length > state->data_mtu) return GNUTLS_E_LARGE_PACKET;
    size_t body = state->explicit_iv_size + length + state->tag_size;
    size_t total = CGNUTLS_RECORD_HEADER + body;
    if (total > 0xFFFF) return GNUTLS_E_LARGE_PACKET;
    if ((state->write_sequence & 0xFFFFFFFFFFFFULL) == 0xFFFFFFFFFFFFULL) return GNUTLS_E_RECORD_LIMIT_REACHED;
    unsigned char *record = malloc(total);
    if (record == NULL) return GNUTLS_E_MEMORY_ERROR;
    uint64_t sequence = state->write_sequence;
    record[0] = type;
    record[1] = CGNUTLS_DTLS12_MAJOR;
    record[2] = CGNUTLS_DTLS12_MINOR;
    write_u64(record + 3, sequence);
    record[11] = (unsigned char)(body >> 8);
    record[12] = (unsigned char)(body & 0xFF);
    unsigned char nonce[12], aad[13];
    record_nonce(state, state->write_iv, sequence, nonce);
    if (state->explicit_iv_size > 0) memcpy(record + CGNUTLS_RECORD_HEADER, nonce + 4, 8);
    record_additional_data(sequence, type, length, aad);
    gnutls_datum_t key = { state->write_key, state->key_size };
    gnutls_aead_cipher_hd_t cipher;
    int ret = gnutls_aead_cipher_init(&cipher, (gnutls_cipher_algorithm_t)state->cipher, &key);
    if (ret < 0) { free(record); return ret; }
    size_t sealed = length + state->tag_size;
    ret = gnutls_aead_cipher_encrypt(cipher, nonce, state->iv_size + state->explicit_iv_size, aad, sizeof aad,
                                     state->tag_size, data, length,
                                     record + CGNUTLS_RECORD_HEADER + state->explicit_iv_size, &sealed);
    gnutls_aead_cipher_deinit(cipher);
    if (ret >= 0 && sealed == length + state->tag_size) {
        state->write_sequence = sequence + 1;
        ret = transport_push(transport, record, total) < 0 ? GNUTLS_E_MEMORY_ERROR : 0;
    } else if (ret >= 0) {
        ret = GNUTLS_E_INTERNAL_ERROR;
    }
    free(record);
    return ret;
}

/* RFC 6347 §4.1.2.6: 0 when `sequence` is new (above the window or an unset bit in it). */
static int record_replayed(const cgnutls_record_state *state, uint64_t sequence) {
    if (sequence > state->read_highest) return 0;
    uint64_t behind = state->read_highest - sequence;
    if (behind >= 64) return 1;
    return (int)((state->read_window >> behind) & 1);
}

static void record_accept(cgnutls_record_state *state, uint64_t sequence) {
    if (sequence > state->read_highest) {
        uint64_t ahead = sequence - state->read_highest;
        state->read_window = ahead >= 64 ? 1 : (state->read_window << ahead) | 1;
        state->read_highest = sequence;
    } else {
        state->read_window |= (uint64_t)1 << (state->read_highest - sequence);
    }
}

int cgnutls_record_open(cgnutls_record_state *state, const unsigned char *datagram, size_t length,
                        size_t *offset, uint8_t *type, unsigned char *plain, size_t capacity,
                        size_t *plain_length) {
    if (*offset >= length) return 0;
    if (length - *offset < CGNUTLS_RECORD_HEADER) { *offset = length; return -2; }
    const unsigned char *record = datagram + *offset;
    size_t body = ((size_t)record[11] << 8) | record[12];
    if (body > length - *offset - CGNUTLS_RECORD_HEADER) { *offset = length; return -2; }
    *offset += CGNUTLS_RECORD_HEADER + body;
    if (record[1] != CGNUTLS_DTLS12_MAJOR || record[2] != CGNUTLS_DTLS12_MINOR) return -1;
    uint64_t sequence = read_u64(record + 3);
    if ((sequence >> 48) != (state->read_highest >> 48)) return -1; /* another epoch */
    if (record_replayed(state, sequence)) return -1;
    size_t overhead = (size_t)state->explicit_iv_size + state->tag_size;
    if (body < overhead) return -1;
    size_t sealed_length = body - state->explicit_iv_size;
    size_t length_plain = sealed_length - state->tag_size;
    if (length_plain > capacity) return -1;
    unsigned char nonce[12], aad[13];
    if (state->explicit_iv_size > 0) {
        memcpy(nonce, state->read_iv, 4);
        memcpy(nonce + 4, record + CGNUTLS_RECORD_HEADER, 8);
    } else {
        record_nonce(state, state->read_iv, sequence, nonce);
    }
    record_additional_data(sequence, record[0], length_plain, aad);
    gnutls_datum_t key = { state->read_key, state->key_size };
    gnutls_aead_cipher_hd_t cipher;
    if (gnutls_aead_cipher_init(&cipher, (gnutls_cipher_algorithm_t)state->cipher, &key) < 0) return -1;
    size_t opened = capacity;
    int ret = gnutls_aead_cipher_decrypt(cipher, nonce, state->iv_size + state->explicit_iv_size, aad, sizeof aad,
                                         state->tag_size, record + CGNUTLS_RECORD_HEADER + state->explicit_iv_size,
                                         sealed_length, plain, &opened);
    gnutls_aead_cipher_deinit(cipher);
    if (ret < 0 || opened != length_plain) return -1;
    record_accept(state, sequence);
    *type = record[0];
    *plain_length = opened;
    return 1;
}

void cgnutls_record_state_wipe(cgnutls_record_state *state) {
    gnutls_memset(state, 0, sizeof *state);
}
