// A logging module: the program installs one handler, which every log line reaches through
// two helpers of this file.
#ifndef LAYERED_HANDLERS_LOG_H
#define LAYERED_HANDLERS_LOG_H

typedef void (*log_handler_fn)(int level, const char *line);

void log_set_handler(log_handler_fn handler);
void log_event(const char *what, int id);

#endif
