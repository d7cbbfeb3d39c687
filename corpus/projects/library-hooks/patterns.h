/* The program's compiled-pattern cache. */
#ifndef PATTERNS_H
#define PATTERNS_H
#include <rx.h>

void patterns_drop(const char *pattern);
void patterns_trace(const char *pattern);
void patterns_set_tracer(void (*tracer)(const char *message));
void patterns_quiet(void);
#endif
