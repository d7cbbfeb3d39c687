/* The main thread switches fields of g_config around work of its own while
   the flusher runs. */
#include <stdio.h>

#include "config.h"

struct config g_config;

/* positive: the flusher reads fsync_enabled on its own thread while it is switched off here. */
void rewrite_log(void) {
  int saved = g_config.fsync_enabled;
  g_config.fsync_enabled = 0; /* expect: concur-shared-global-cache */
  puts("rewrite");
  g_config.fsync_enabled = saved;
}

/* negative: no thread but main reads verbose; the flusher reads fsync_enabled and fd, other fields of the struct. */
void load_quietly(void) {
  int saved = g_config.verbose;
  g_config.verbose = 0;
  puts("loading");
  g_config.verbose = saved;
}

/* negative: the same for quiet. */
void print_banner(void) {
  int saved = g_config.quiet;
  g_config.quiet = 1;
  if (!g_config.quiet) puts("banner");
  g_config.quiet = saved;
}

int main(void) {
  g_config.fsync_enabled = 1;
  g_config.fd = 2;
  start_flusher();
  load_quietly();
  print_banner();
  rewrite_log();
  stop_flusher();
  return 0;
}
