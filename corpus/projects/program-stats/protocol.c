/* The text protocol: writes each line of a report into the reply. */
#include <stdio.h>

#include "stats.h"

void reply_text_line(const char *key, long value, void *reply) {
  fprintf((FILE *)reply, "STAT %s %ld\r\n", key, value);
}

void handle_stats_command(void *reply) {
  server_report(reply_text_line, reply);
  slab_report(reply_text_line, reply);
}
