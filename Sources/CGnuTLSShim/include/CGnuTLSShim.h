#ifndef CGNUTLS_SHIM_H
#define CGNUTLS_SHIM_H
/* GnuTLS for Swift: the headers plus small helpers for what Swift cannot import
   (function-like macros, variadic calls). Keep this file thin. */
#include <gnutls/gnutls.h>
#include <gnutls/dtls.h>
#include <gnutls/crypto.h>

/** Returns the GnuTLS library version string, e.g. "3.7.9". */
const char *cgnutls_version(void);

#endif
