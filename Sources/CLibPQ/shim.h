#ifndef MCLEDGER_CLIBPQ_SHIM_H
#define MCLEDGER_CLIBPQ_SHIM_H

#include <libpq-fe.h>

/* Swift cannot import char-literal macros such as PG_DIAG_SQLSTATE ('C');
   these constants re-export the diagnostic field codes Swift needs. */
static const int mcl_diag_sqlstate = PG_DIAG_SQLSTATE;
static const int mcl_diag_message_primary = PG_DIAG_MESSAGE_PRIMARY;
static const int mcl_diag_message_detail = PG_DIAG_MESSAGE_DETAIL;
static const int mcl_diag_message_hint = PG_DIAG_MESSAGE_HINT;
static const int mcl_diag_constraint_name = PG_DIAG_CONSTRAINT_NAME;
static const int mcl_diag_severity = PG_DIAG_SEVERITY_NONLOCALIZED;

#endif
