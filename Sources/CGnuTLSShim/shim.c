#include "CGnuTLSShim.h"

const char *cgnutls_version(void) { return gnutls_check_version(NULL); }
