//! [`List`]: the elements of a [`Term::List`], shared between lists that end the same way,
//! so that the two things Elixir programs do with lists cost what they cost on the BEAM:
//! taking a list apart (`[h | t]`: the tail is the same list, not a copy) and putting one
//! together from the front (`[x | acc]`: the old list is not copied).
//!
//! A list is a suffix of a buffer of cells. The cells before the list's first element are
//! free until a list claims one: `[x | t]` writes `x` into the cell just before `t` if no
//! other list has done so yet (a [`OnceCell`] is set at most once), and shares the buffer.
//! A second `[y | t]` of the same `t` finds that cell taken and copies `t` into a new
//! buffer, as does a prepend with no free cell left (the new buffer has as many free cells
//! as elements, so building a list from the front costs amortised O(1) an element). No
//! cell is ever written twice, so every `&Term` a list hands out stays valid for as long as
//! the list is borrowed, and the lists that share a buffer never see each other's cells.
//!
//! A tail, or any suffix, keeps its whole buffer alive, as a slice of a `Vec` would.

use crate::term::Term;
use std::cell::{Cell, OnceCell};
use std::fmt;
use std::rc::Rc;

/// The elements of an Elixir list (see the module's documentation). Clones share.
#[derive(Clone, Default)]
pub struct List {
    /// `None` for `[]`, which takes no allocation.
    cells: Option<Rc<[OnceCell<Term>]>>,
    /// Where the list's first element is: the list is `cells[start..]`, all set.
    start: u32,
    /// See [`List::memo`].
    memo: Cell<u32>,
}

/// The iterator of [`List::iter`].
pub type Iter<'a> =
    std::iter::Map<std::slice::Iter<'a, OnceCell<Term>>, fn(&'a OnceCell<Term>) -> &'a Term>;

/// A cell of a list (at or after its start): always set.
fn element(c: &OnceCell<Term>) -> &Term {
    c.get().expect("a list's cells from its start on are set")
}

impl List {
    /// `[]`.
    pub const fn new() -> List {
        List {
            cells: None,
            start: 0,
            memo: Cell::new(0),
        }
    }

    fn on(cells: Rc<[OnceCell<Term>]>, start: usize) -> List {
        List {
            cells: Some(cells),
            start: u32::try_from(start).expect("a list has fewer than 2^32 elements"),
            memo: Cell::new(0),
        }
    }

    fn cells(&self) -> &[OnceCell<Term>] {
        match &self.cells {
            Some(c) => &c[self.start as usize..],
            None => &[],
        }
    }

    /// A number the list's user keeps with it, 0 until set: any function of the
    /// elements, since a list never changes (the interpreter keeps a list's measure here,
    /// so that a value holding a list does not walk it again). Copies of the list keep
    /// it; a suffix, a prepend and a list made anew start at 0.
    pub fn memo(&self) -> u32 {
        self.memo.get()
    }
    /// Sets [`List::memo`].
    pub fn set_memo(&self, memo: u32) {
        self.memo.set(memo);
    }

    /// The number of elements (`length/1`).
    pub fn len(&self) -> usize {
        self.cells().len()
    }
    /// True for `[]`.
    pub fn is_empty(&self) -> bool {
        self.cells().is_empty()
    }
    /// The elements, first to last.
    pub fn iter(&self) -> Iter<'_> {
        self.cells()
            .iter()
            .map(element as fn(&OnceCell<Term>) -> &Term)
    }
    /// Element `i` (from 0).
    pub fn get(&self, i: usize) -> Option<&Term> {
        self.cells().get(i).map(element)
    }
    /// The elements if there are exactly `N` of them: `match l.as_array() { Some([a, b])
    /// => .. }` takes a list of two apart as a slice pattern would.
    pub fn as_array<const N: usize>(&self) -> Option<[&Term; N]> {
        let cells = self.cells();
        (cells.len() == N).then(|| std::array::from_fn(|i| element(&cells[i])))
    }
    /// True if `x` is an element (`==`).
    pub fn contains(&self, x: &Term) -> bool {
        self.iter().any(|t| t == x)
    }
    /// The head.
    pub fn first(&self) -> Option<&Term> {
        self.get(0)
    }
    /// The last element.
    pub fn last(&self) -> Option<&Term> {
        self.cells().last().map(element)
    }
    /// The list without its first `n` elements (all of them if it has fewer): shares this
    /// list's cells, so it costs no copy.
    pub fn skip(&self, n: usize) -> List {
        match &self.cells {
            Some(cells) if n < self.len() => List::on(cells.clone(), self.start as usize + n),
            _ => List::new(),
        }
    }
    /// The tail (`tl/1`; `[]` of `[]`).
    pub fn tail(&self) -> List {
        self.skip(1)
    }
    /// The elements in a `Vec`, cloned.
    pub fn to_vec(&self) -> Vec<Term> {
        self.iter().cloned().collect()
    }
    /// The elements in a `Vec`: moved out if no other list shares them, cloned otherwise.
    pub fn into_vec(self) -> Vec<Term> {
        let start = self.start as usize;
        match self.cells {
            None => Vec::new(),
            Some(mut rc) => match Rc::get_mut(&mut rc) {
                Some(cells) => cells[start..]
                    .iter_mut()
                    .filter_map(OnceCell::take)
                    .collect(),
                None => rc[start..].iter().map(element).cloned().collect(),
            },
        }
    }

    /// `[head | tail]`: shares `tail`'s cells when the one before it is free (see the
    /// module's documentation), else copies `tail` once into cells with room in front.
    pub fn cons(head: Term, tail: List) -> List {
        List::prepend(std::iter::once(head), tail)
    }

    /// `[a, b, ... | tail]` (and `left ++ tail`): the elements of `front`, in order, before
    /// `tail`. Costs the length of `front`, amortised, when `tail`'s cells have room.
    pub fn prepend<I>(front: I, tail: List) -> List
    where
        I: IntoIterator<Item = Term>,
        I::IntoIter: DoubleEndedIterator + ExactSizeIterator,
    {
        let front = front.into_iter();
        let n = front.len();
        if n == 0 {
            return tail;
        }
        let mut list = tail;
        list.memo.set(0);
        let mut front = front.rev();
        // Into free cells before the tail, while they are free.
        if let Some(cells) = &list.cells {
            while list.start > 0 {
                let Some(x) = front.next() else { break };
                match cells[list.start as usize - 1].set(x) {
                    Ok(()) => list.start -= 1,
                    Err(x) => {
                        // Taken by another list: what is left goes into new cells.
                        let rest: Vec<Term> = std::iter::once(x).chain(front).collect();
                        return List::grown(rest, list);
                    }
                }
            }
        }
        if front.len() == 0 {
            return list;
        }
        List::grown(front.collect(), list)
    }

    /// `rev_front` (last element first) before `tail`, in new cells with as many free
    /// cells in front as the list has elements.
    fn grown(mut rev_front: Vec<Term>, tail: List) -> List {
        let room = (rev_front.len() + tail.len()).max(4);
        rev_front.reverse();
        let items = rev_front;
        let cells: Rc<[OnceCell<Term>]> = std::iter::repeat_with(OnceCell::new)
            .take(room)
            .chain(items.into_iter().map(OnceCell::from))
            .chain(tail.into_vec().into_iter().map(OnceCell::from))
            .collect();
        List::on(cells, room)
    }
}

impl From<Vec<Term>> for List {
    fn from(v: Vec<Term>) -> List {
        v.into_iter().collect()
    }
}

impl From<&[Term]> for List {
    fn from(v: &[Term]) -> List {
        v.iter().cloned().collect()
    }
}

impl<const N: usize> From<[Term; N]> for List {
    fn from(v: [Term; N]) -> List {
        v.into_iter().collect()
    }
}

impl FromIterator<Term> for List {
    fn from_iter<I: IntoIterator<Item = Term>>(iter: I) -> List {
        let cells: Rc<[OnceCell<Term>]> = iter.into_iter().map(OnceCell::from).collect();
        if cells.is_empty() {
            return List::new();
        }
        List::on(cells, 0)
    }
}

impl IntoIterator for List {
    type Item = Term;
    type IntoIter = std::vec::IntoIter<Term>;
    /// The elements, moved out if no other list shares them ([`List::into_vec`]).
    fn into_iter(self) -> Self::IntoIter {
        self.into_vec().into_iter()
    }
}

impl<'a> IntoIterator for &'a List {
    type Item = &'a Term;
    type IntoIter = Iter<'a>;
    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

/// Element by element; two lists on the same cells from the same start are equal at once.
impl PartialEq for List {
    fn eq(&self, other: &List) -> bool {
        let same = match (&self.cells, &other.cells) {
            (Some(a), Some(b)) => Rc::ptr_eq(a, b) && self.start == other.start,
            _ => false,
        };
        same || (self.len() == other.len() && self.iter().eq(other.iter()))
    }
}

impl fmt::Debug for List {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ints(l: &List) -> Vec<i64> {
        l.iter()
            .map(|t| match t {
                Term::Int(i) => *i,
                _ => panic!("not an int"),
            })
            .collect()
    }

    fn list(xs: &[i64]) -> List {
        xs.iter().map(|&i| Term::Int(i)).collect()
    }

    #[test]
    fn a_tail_is_the_same_cells() {
        let l = list(&[1, 2, 3]);
        let t = l.tail();
        assert_eq!(ints(&t), [2, 3]);
        assert!(Rc::ptr_eq(
            l.cells.as_ref().unwrap(),
            t.cells.as_ref().unwrap()
        ));
        assert_eq!(ints(&t.tail().tail()), Vec::<i64>::new());
        assert!(t.tail().tail().cells.is_none());
        assert_eq!(ints(&List::new().tail()), Vec::<i64>::new());
    }

    #[test]
    fn building_from_the_front_reuses_free_cells() {
        let mut acc = List::new();
        let mut buffers = 0;
        let mut last: Option<*const OnceCell<Term>> = None;
        for i in 0..1000 {
            let old = acc.clone();
            acc = List::cons(Term::Int(i), acc);
            // The old list is untouched.
            assert_eq!(old.len(), i as usize);
            let p = acc.cells.as_ref().unwrap().as_ptr();
            if last != Some(p) {
                buffers += 1;
                last = Some(p);
            }
        }
        assert_eq!(ints(&acc), (0..1000).rev().collect::<Vec<_>>());
        // Doubling: a new buffer about every doubling, not one per element.
        assert!(buffers <= 10, "{buffers} buffers for 1000 prepends");
    }

    #[test]
    fn two_prepends_to_one_tail_do_not_see_each_other() {
        let t = List::cons(Term::Int(3), List::new());
        let a = List::cons(Term::Int(1), t.clone());
        let b = List::cons(Term::Int(2), t.clone());
        assert_eq!(ints(&a), [1, 3]);
        assert_eq!(ints(&b), [2, 3]);
        assert_eq!(ints(&t), [3]);
        // `a` took the free cell; `b` was copied.
        assert!(Rc::ptr_eq(
            a.cells.as_ref().unwrap(),
            t.cells.as_ref().unwrap()
        ));
        assert!(!Rc::ptr_eq(
            b.cells.as_ref().unwrap(),
            t.cells.as_ref().unwrap()
        ));
    }

    #[test]
    fn prepend_puts_the_front_in_order() {
        let t = list(&[4, 5]);
        let l = List::prepend([1, 2, 3].map(Term::Int), t.clone());
        assert_eq!(ints(&l), [1, 2, 3, 4, 5]);
        let l2 = List::prepend([0].map(Term::Int), l.clone());
        assert_eq!(ints(&l2), [0, 1, 2, 3, 4, 5]);
        // Part into free cells, the rest into new ones once a cell is taken.
        let m = List::prepend([7, 8, 9].map(Term::Int), l.clone());
        assert_eq!(ints(&m), [7, 8, 9, 1, 2, 3, 4, 5]);
        assert_eq!(ints(&l2), [0, 1, 2, 3, 4, 5]);
        assert_eq!(ints(&List::prepend(Vec::new(), t.clone())), [4, 5]);
    }

    #[test]
    fn into_vec_moves_an_unshared_list_and_copies_a_shared_one() {
        let l = list(&[1, 2, 3]);
        let t = l.tail();
        assert_eq!(ints(&List::from(t.clone().into_vec())), [2, 3]);
        drop(l);
        assert_eq!(ints(&List::from(t.into_vec())), [2, 3]);
    }

    #[test]
    fn a_memo_stays_with_copies_not_with_new_lists() {
        let l = list(&[1, 2]);
        l.set_memo(7);
        assert_eq!(l.clone().memo(), 7);
        assert_eq!(l.tail().memo(), 0);
        assert_eq!(List::cons(Term::Int(0), l.clone()).memo(), 0);
        assert_eq!(l.memo(), 7);
        assert_eq!(std::mem::size_of::<List>(), 24);
        assert_eq!(std::mem::size_of::<Term>(), 32);
    }

    #[test]
    fn equality_is_by_elements() {
        let a = list(&[1, 2]);
        let b = List::cons(Term::Int(1), list(&[2]));
        assert_eq!(a, b);
        assert_ne!(a, a.tail());
        assert_eq!(List::new(), list(&[]));
        assert_eq!(a.skip(2), List::new());
        assert_eq!(a.skip(5), List::new());
        assert_eq!(a.last(), Some(&Term::Int(2)));
    }
}
