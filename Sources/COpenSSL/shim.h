// Thin C shim over OpenSSL 3's libcrypto: function-like macros and variadic functions do not
// import into Swift, so each one used by LedgerCore gets a static inline wrapper here.
#ifndef MCLEDGER_COPENSSL_SHIM_H
#define MCLEDGER_COPENSSL_SHIM_H

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/opensslv.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

static inline void mcl_openssl_free(void *pointer) { OPENSSL_free(pointer); }

static inline long mcl_bio_get_mem_data(BIO *bio, char **data) { return BIO_get_mem_data(bio, data); }

static inline size_t mcl_bio_pending(BIO *bio) { return BIO_pending(bio); }

/// Generates a fresh key on the named curve ("P-256"); EVP_PKEY_Q_keygen is variadic.
static inline EVP_PKEY *mcl_ec_generate(const char *curve) { return EVP_PKEY_Q_keygen(NULL, NULL, "EC", curve); }

/// Never prompts on a terminal for a passphrase: an encrypted PEM simply fails to load.
static inline int mcl_refuse_passphrase(char *buffer, int size, int writing, void *context) {
    (void)buffer; (void)size; (void)writing; (void)context;
    return -1;
}

static inline EVP_PKEY *mcl_read_private_key_pem(BIO *bio) {
    return PEM_read_bio_PrivateKey(bio, NULL, mcl_refuse_passphrase, NULL);
}

static inline EVP_PKEY *mcl_read_public_key_pem(BIO *bio) {
    return PEM_read_bio_PUBKEY(bio, NULL, mcl_refuse_passphrase, NULL);
}

#endif
