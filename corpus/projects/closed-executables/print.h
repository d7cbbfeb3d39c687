/* libprint: a print handler that programs may replace, as glib's
 * g_set_print_handler. */
#pragma once

typedef void (*pr_print_fn)(const char *line);

/* Replaces the handler pr_print runs (NULL: write to stdout). */
void pr_set_handler(pr_print_fn handler);
/* Runs the handler on `line`. */
void pr_print(const char *line);
/* Prints a status line under libprint's own lock. */
void pr_print_status(int code);
/* Prints the last status after releasing libprint's lock; returns it. */
int pr_print_last_status(void);

typedef void (*pr_release_fn)(void *data);

/* Replaces the hook pr_drop runs on what it drops (NULL: nothing). */
void pr_set_release(pr_release_fn release);
/* Drops `data` through the release hook. */
void pr_drop(void *data);
