/* A logging module whose hook anyone can set. log_fatal ends the process without saying so in
 * its declaration: only its body, in another TU, shows that every path ends in abort(). */
#ifndef FAP_LOG_H
#define FAP_LOG_H

typedef void (*log_hook_fn)(const char *msg);

void log_set_hook(log_hook_fn hook);
void log_warn(const char *msg);
void log_fatal(const char *msg);

#endif
