// SQLite 3's C API for the ledger's derived index; SQLITE_TRANSIENT is a macro cast that does not import.
#ifndef MCLEDGER_CSQLITE_SHIM_H
#define MCLEDGER_CSQLITE_SHIM_H

#include <sqlite3.h>

static inline sqlite3_destructor_type mcl_sqlite_transient(void) { return SQLITE_TRANSIENT; }

#endif
