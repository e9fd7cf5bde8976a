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

