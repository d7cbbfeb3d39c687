/* A list module whose helpers run the function their caller passes. */
#ifndef FAP_LIST_H
#define FAP_LIST_H

struct list {
  void *items[8];
  int n;
};

typedef void (*list_func)(void *item, void *data);
typedef void (*list_free_func)(void *item);

void list_foreach(struct list *l, list_func fn, void *data);
void list_free_full(struct list *l, list_free_func free_fn);

#endif
