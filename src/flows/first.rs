//! Small async building blocks for flows that wait on browser events.

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

/// A one-shot slot that several event sources race to fill: the first outcome wins and later ones
/// are ignored (a popup that succeeds just after its timeout fired changes nothing).
pub struct First<T>(Rc<RefCell<Slot<T>>>);

struct Slot<T> {
    value: Option<T>,
    waker: Option<Waker>,
    filled: bool,
}

impl<T> Clone for First<T> {
    fn clone(&self) -> Self {
        First(self.0.clone())
    }
}

impl<T> Default for First<T> {
    fn default() -> Self {
        First(Rc::new(RefCell::new(Slot { value: None, waker: None, filled: false })))
    }
}

impl<T> First<T> {
    pub fn new() -> Self {
        Self::default()
    }

    /// The same slot (a clone of this one)?
    pub fn is(&self, other: &First<T>) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }

    pub fn send(&self, value: T) {
        let waker = {
            let mut slot = self.0.borrow_mut();
            if slot.filled {
                return;
            }
            slot.filled = true;
            slot.value = Some(value);
            slot.waker.take()
        };
        if let Some(w) = waker {
            w.wake();
        }
    }
}

impl<T> Future for First<T> {
    type Output = T;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        let mut slot = self.0.borrow_mut();
        match slot.value.take() {
            Some(v) => Poll::Ready(v),
            None => {
                slot.waker = Some(cx.waker().clone());
                Poll::Pending
            }
        }
    }
}

/// One piece of work in flight at a time: callers that arrive while it runs wait for its result
/// instead of starting their own (one iframe, one token request).
pub struct Joined<T>(RefCell<Option<Vec<First<T>>>>);

impl<T> Default for Joined<T> {
    fn default() -> Self {
        Joined(RefCell::new(None))
    }
}

impl<T: Clone> Joined<T> {
    pub fn new() -> Self {
        Self::default()
    }

    pub async fn run<F: Future<Output = T>>(&self, work: impl FnOnce() -> F) -> T {
        let waiting = self.0.borrow_mut().as_mut().map(|waiters| {
            let mine = First::new();
            waiters.push(mine.clone());
            mine
        });
        if let Some(result) = waiting {
            return result.await;
        }
        *self.0.borrow_mut() = Some(Vec::new());
        let out = work().await;
        for waiter in self.0.borrow_mut().take().unwrap_or_default() {
            waiter.send(out.clone());
        }
        out
    }
}

/// Events from several sources, handled one at a time in order by one loop.
pub struct Queue<T>(Rc<RefCell<(std::collections::VecDeque<T>, Option<Waker>)>>);

impl<T> Clone for Queue<T> {
    fn clone(&self) -> Self {
        Queue(self.0.clone())
    }
}

impl<T> Default for Queue<T> {
    fn default() -> Self {
        Queue(Rc::new(RefCell::new((Default::default(), None))))
    }
}

impl<T> Queue<T> {
    pub fn send(&self, value: T) {
        let waker = {
            let mut q = self.0.borrow_mut();
            q.0.push_back(value);
            q.1.take()
        };
        if let Some(w) = waker {
            w.wake();
        }
    }

    pub fn recv(&self) -> impl Future<Output = T> + '_ {
        std::future::poll_fn(move |cx| {
            let mut q = self.0.borrow_mut();
            match q.0.pop_front() {
                Some(v) => Poll::Ready(v),
                None => {
                    q.1 = Some(cx.waker().clone());
                    Poll::Pending
                }
            }
        })
    }
}
