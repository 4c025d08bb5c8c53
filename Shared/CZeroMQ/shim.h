#ifndef GREENHEART_CZEROMQ_SHIM_H
#define GREENHEART_CZEROMQ_SHIM_H
// Debian's libzmq is built without the draft API; only the stable API is used.
#include <zmq.h>
#endif
