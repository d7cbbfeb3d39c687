/* A regular expression library the program links (as PCRE's pcre.h): its allocator and log
   hooks are global function pointers the library declares and sets to its defaults. */
#ifndef RX_H
#define RX_H
#include <stddef.h>

typedef struct rx rx;
extern void *(*rx_malloc)(size_t size);
extern void (*rx_free)(void *block);
extern void (*rx_log_hook)(const char *message);

rx *rx_compile(const char *pattern);
int rx_match(const rx *re, const char *subject);
void rx_release(rx *re);

#endif
