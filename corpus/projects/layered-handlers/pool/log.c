#include "log.h"

#include <stdio.h>

static log_handler_fn current_handler;

void log_set_handler(log_handler_fn handler) { current_handler = handler; }

static void log_emit(int level, const char *line) {
  if (current_handler) current_handler(level, line);
}

static void log_format(int level, const char *what, int id) {
  char line[96];
  snprintf(line, sizeof line, "%s #%d", what, id);
  log_emit(level, line);
}

void log_event(const char *what, int id) { log_format(1, what, id); }
