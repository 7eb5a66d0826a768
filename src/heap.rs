//! The wasm build's allocator: power-of-two size classes, one free list per class, blocks carved from
//! `memory.grow`. A freed block is reused by the next allocation of its class, so a long-lived page
//! holds at most about twice the peak of what it really uses; there is no coalescing (the SDK's heap
//! is a few strings and vectors), and wasm memory never shrinks anyway. Far smaller than dlmalloc.
//! Single-threaded only: wasm32-unknown-unknown without the `atomics` feature has one thread.

use core::alloc::{GlobalAlloc, Layout};
use core::arch::wasm32::memory_grow;
use core::cell::UnsafeCell;
use core::ptr::{copy_nonoverlapping, null_mut};

#[cfg(target_feature = "atomics")]
compile_error!("src/heap.rs assumes one thread: build without the `atomics` target feature");

const PAGE: usize = 1 << 16;
/// Blocks of `1 << k` bytes, `k` from 3 (room for the free-list link) to 30.
const CLASSES: usize = 31;

struct State {
    free: [*mut u8; CLASSES],
    next: usize,
    end: usize,
}

pub struct Heap(UnsafeCell<State>);

// Sound because the wasm32 build without atomics has exactly one thread.
unsafe impl Sync for Heap {}

impl Heap {
    pub const fn new() -> Self {
        Heap(UnsafeCell::new(State { free: [null_mut(); CLASSES], next: 0, end: 0 }))
    }
}

/// The class of a layout: its size and alignment rounded up to a power of two (at least 8), so that a
/// block of class `k`, aligned to `1 << k`, fits every layout of that class.
fn class(layout: Layout) -> usize {
    layout.size().max(layout.align()).max(8).next_power_of_two().trailing_zeros() as usize
}

unsafe impl GlobalAlloc for Heap {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let s = &mut *self.0.get();
        let k = class(layout);
        if k >= CLASSES {
            return null_mut();
        }
        let head = s.free[k];
        if !head.is_null() {
            s.free[k] = *(head as *mut *mut u8);
            return head;
        }
        let size = 1usize << k;
        loop {
            let start = (s.next + size - 1) & !(size - 1);
            if start + size <= s.end {
                s.next = start + size;
                return start as *mut u8;
            }
            let pages = (start + size - s.end).div_ceil(PAGE);
            let prev = memory_grow(0, pages);
            if prev == usize::MAX {
                return null_mut();
            }
            if prev * PAGE != s.end {
                s.next = prev * PAGE; // someone else grew memory: start afresh in the new pages
            }
            s.end = (prev + pages) * PAGE;
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        let s = &mut *self.0.get();
        // `ptr` came from `alloc` with this layout, so its class has a free list.
        if let Some(head) = s.free.get_mut(class(layout)) {
            *(ptr as *mut *mut u8) = *head;
            *head = ptr;
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let new = Layout::from_size_align_unchecked(new_size, layout.align());
        if class(new) == class(layout) {
            return ptr;
        }
        let out = self.alloc(new);
        if !out.is_null() {
            copy_nonoverlapping(ptr, out, layout.size().min(new_size));
            self.dealloc(ptr, layout);
        }
        out
    }
}
