#include "list.h"

#include <stddef.h>

/* negative: no lock; what fn is depends on each caller. */
void list_foreach(struct list *l, list_func fn, void *data) {
  for (int i = 0; i < l->n; i++) (*fn)(l->items[i], data);
}

/* negative: passes its parameter on. */
void list_free_full(struct list *l, list_free_func free_fn) {
  list_foreach(l, (list_func)free_fn, NULL);
  l->n = 0;
}
