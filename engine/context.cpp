#include "engine/context.hpp"

#include "engine/partition_runner.hpp"

namespace tuntas::engine {

RandomStream& Context::random() noexcept {
    return runtime_->random;
}

void Context::send_payload(LpId target, Ticks delay_ticks, EventKind kind, const Payload& payload) {
    runner_->send(*this, target, delay_ticks, kind, payload);
}

void Context::send_deferrable_payload(LpId target, Ticks delay_ticks, EventKind kind,
                                      const Payload& payload) {
    runner_->send_deferrable(*this, target, delay_ticks, kind, payload);
}

void Context::accept_deferred(bool accepts) {
    runner_->accept_deferred(*this, accepts);
}

void Context::stop() noexcept {
    runner_->request_stop();
}

}  // namespace tuntas::engine
