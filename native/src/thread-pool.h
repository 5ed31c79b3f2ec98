// A small fork-join pool for the GEMM and elementwise kernels: parallelFor(tasks, fn) runs
// fn(task) for every task on the workers and the calling thread, and returns when all are done.
// Workers sleep on a condition variable between calls (the machine may be shared), after a short
// spin so back-to-back calls of one training step do not pay a wake-up each.
#pragma once
#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

class ThreadPool {
 public:
  explicit ThreadPool(int threads) { resize(threads); }
  ~ThreadPool() { stop(); }

  int threads() const { return static_cast<int>(workers_.size()) + 1; }  // read under no lock: a hint

  /** Sets the total thread count (the calling thread included); 1 means no workers. */
  void resize(int threads) {
    std::lock_guard<std::mutex> call(call_);
    if (threads < 1) threads = 1;
    if (threads == this->threads() && !workers_.empty()) return;
    stop();
    quit_ = false;
    const unsigned start = generation_.load();  // read here: a call may start before a worker runs
    for (int i = 0; i < threads - 1; i++) workers_.emplace_back([this, start] { workerLoop(start); });
  }

  /** Runs fn(0..tasks-1) across the pool; the calling thread works too. */
  void parallelFor(int tasks, const std::function<void(int)>& fn) {
    if (tasks <= 0) return;
    // One caller at a time (addon calls from several worker_threads): the others run serially.
    std::unique_lock<std::mutex> call(call_, std::try_to_lock);
    if (tasks == 1 || workers_.empty() || !call.owns_lock()) {
      for (int t = 0; t < tasks; t++) fn(t);
      return;
    }
    {
      std::lock_guard<std::mutex> lock(mutex_);
      job_ = &fn;
      tasks_ = tasks;
      next_.store(0);
      busy_.store(static_cast<int>(workers_.size()));
      generation_.fetch_add(1);
    }
    wake_.notify_all();
    drain(fn, tasks);
    while (busy_.load(std::memory_order_acquire) != 0) std::this_thread::yield();
  }

 private:
  void drain(const std::function<void(int)>& fn, int tasks) {
    for (int t = next_.fetch_add(1); t < tasks; t = next_.fetch_add(1)) fn(t);
  }

  void workerLoop(unsigned seen) {
    for (;;) {
      // Spin briefly for the next call, then sleep.
      for (int spin = 0; spin < 2000 && generation_.load(std::memory_order_acquire) == seen && !quit_; spin++) std::this_thread::yield();
      if (generation_.load() == seen) {
        std::unique_lock<std::mutex> lock(mutex_);
        wake_.wait(lock, [&] { return quit_ || generation_.load() != seen; });
      }
      if (quit_) return;
      seen = generation_.load();
      const std::function<void(int)>* job;
      int tasks;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        job = job_;
        tasks = tasks_;
      }
      drain(*job, tasks);
      busy_.fetch_sub(1, std::memory_order_release);
    }
  }

  void stop() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      quit_ = true;
    }
    wake_.notify_all();
    for (auto& w : workers_) w.join();
    workers_.clear();
  }

  std::vector<std::thread> workers_;
  std::mutex call_;
  std::mutex mutex_;
  std::condition_variable wake_;
  const std::function<void(int)>* job_ = nullptr;
  int tasks_ = 0;
  std::atomic<int> next_{0};
  std::atomic<int> busy_{0};
  std::atomic<unsigned> generation_{0};
  std::atomic<bool> quit_{false};
};
