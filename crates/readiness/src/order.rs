//! One small stable sort for the short lists the core and the widget order (9 channels, a
//! few dozen drivers and steps, 250 countries).
//!
//! Why not `slice::sort_by`: the standard library's stable sort is several KB of WebAssembly
//! for every element type and comparison it is called with; six call sites made 29 KB of the
//! widget's code before wasm-opt (issue 16's twiggy table). This merge sort orders indices,
//! so each call site adds a few hundred bytes, and it is O(n log n) like the one it replaces.

/// Sorts `items` so that no item comes after one it is `before`; items neither before
/// the other keep their order (a stable sort).
///
/// ```
/// let mut words = vec!["pear", "fig", "apple", "kiwi"];
/// readiness::order::sort_by(&mut words, |a, b| a.len() < b.len());
/// assert_eq!(words, ["fig", "pear", "kiwi", "apple"]);
/// ```
pub fn sort_by<T>(items: &mut Vec<T>, before: impl Fn(&T, &T) -> bool) {
    let order = sorted_order(items.len(), |a, b| before(&items[a], &items[b]));
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(order.into_iter().filter_map(|index| slots[index].take()));
}

/// The indices `0..len` in sorted order: a bottom-up merge sort, `dyn` so that its code
/// exists once whatever is sorted.
fn sorted_order(len: usize, before: impl Fn(usize, usize) -> bool) -> Vec<usize> {
    merge_sort(len, &before)
}

fn merge_sort(len: usize, before: &dyn Fn(usize, usize) -> bool) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    let mut merged = vec![0; len];
    let mut width = 1;
    while width < len {
        let mut start = 0;
        while start < len {
            let middle = (start + width).min(len);
            let end = (start + 2 * width).min(len);
            let (mut left, mut right) = (start, middle);
            for slot in &mut merged[start..end] {
                // the right run's item goes first only if strictly before: stable
                let take_right =
                    right < end && (left >= middle || before(order[right], order[left]));
                if take_right {
                    *slot = order[right];
                    right += 1;
                } else {
                    *slot = order[left];
                    left += 1;
                }
            }
            start = end;
        }
        std::mem::swap(&mut order, &mut merged);
        width *= 2;
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Deterministic pseudo-random numbers (no randomness in the core).
    fn numbers(seed: u64, len: usize, modulo: u64) -> Vec<u64> {
        let mut state = seed;
        (0..len)
            .map(|_| {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1);
                (state >> 33) % modulo
            })
            .collect()
    }

    #[test]
    fn orders_like_the_standard_stable_sort_for_every_length_and_many_ties() {
        for len in 0..70 {
            for (seed, modulo) in [(1, 3), (2, 10), (3, 1_000), (4, 1)] {
                // (key, original position): equal keys must keep their positions' order
                let mut ours: Vec<(u64, usize)> = numbers(seed + len as u64, len, modulo)
                    .into_iter()
                    .enumerate()
                    .map(|(position, key)| (key, position))
                    .collect();
                let mut std = ours.clone();
                std.sort_by_key(|&(key, _)| key);
                sort_by(&mut ours, |a, b| a.0 < b.0);
                assert_eq!(ours, std, "length {len}, keys below {modulo}");
            }
        }
    }

    #[test]
    fn a_descending_order_and_owned_items_come_through_whole() {
        let mut names: Vec<String> = ["b", "a", "c", "a"].map(String::from).to_vec();
        sort_by(&mut names, |a, b| a > b);
        assert_eq!(names, ["c", "b", "a", "a"]);
        let mut sorted: Vec<u64> = numbers(7, 250, 1_000_000);
        sort_by(&mut sorted, |a, b| a < b);
        assert!(sorted.windows(2).all(|pair| pair[0] <= pair[1]));
        assert_eq!(sorted.len(), 250);
    }
}
