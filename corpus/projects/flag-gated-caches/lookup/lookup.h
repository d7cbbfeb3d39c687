// A lookup table with a process-wide memo that a caller asks for by flag: the workers pass
// use_memo = 0 and never reach the memo's insert; main fills it before they start.
#ifndef FLAG_GATED_CACHES_LOOKUP_H
#define FLAG_GATED_CACHES_LOOKUP_H

int lookup_port(const char *service, int use_memo);
int lookup_weight(const char *service, int use_memo);
void lookup_forget(void);

#endif
