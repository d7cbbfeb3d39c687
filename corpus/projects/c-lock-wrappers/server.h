#ifndef SERVER_H
#define SERVER_H
#include "lock.h"

typedef void (*client_callback)(int client, void* user);

struct server {
  lock_t* lock;          /* created on first use (the hazard) */
  int clients;
  client_callback on_client;
  void* user;
};

void server_add_client(struct server* s, int client);
void server_set_callback(struct server* s, client_callback cb, void* user);
#endif
