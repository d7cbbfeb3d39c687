/* concur-locked-callback: one test's main, built into two test binaries
 * (`codegen` and `codegen-min`, the same test against two generated
 * sources, as glib builds gdbus-test-codegen.c twice). Each binary is an
 * executable: nothing links against it.
 * also built into: codegen-min */
#include "../print.h"

/* Defined by each binary's generated source. */
int codegen_emit_all(void);

int main(void) { return codegen_emit_all(); }
