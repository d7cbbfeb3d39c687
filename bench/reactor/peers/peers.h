// Echo servers on other event loops, for echo_bench. Each binds 127.0.0.1:0, writes
// the port (uint16_t) to `port_pipe`, and serves until killed.
#pragma once

void run_libuv_server(int port_pipe);
void run_libevent_server(int port_pipe);
void run_asio_server(int port_pipe);
