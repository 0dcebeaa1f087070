//! The indexed receive against the plain scan it stands for: random mailboxes, random
//! pins and patterns, long enough for the index to be built, filled and emptied.

use super::*;
use proptest::prelude::*;

/// A message of one of the shapes the model receives, over a few refs and pids so that
/// pins often match several messages.
fn message() -> impl Strategy<Value = Term> {
    let r = (1u64..6).prop_map(|id| Term::Ref(Ref { id, owner: Pid(0) }));
    let p = (0u32..4).prop_map(|i| Term::Pid(Pid(i)));
    let v = (0i64..3).prop_map(Term::Int);
    prop_oneof![
        (r.clone(), v.clone()).prop_map(|(r, v)| Term::tuple([r, v])),
        (r.clone(), p.clone(), v.clone()).prop_map(|(r, p, v)| {
            Term::tuple([Term::atom("DOWN"), r, Term::atom("process"), p, v])
        }),
        (p.clone(), v.clone()).prop_map(|(p, v)| Term::tuple([Term::atom("EXIT"), p, v])),
        (p.clone(), r.clone()).prop_map(|(p, r)| Term::tuple([p, r])),
        (r.clone()).prop_map(|r| Term::tuple([r.clone(), r])),
        (r.clone()).prop_map(|r| Term::tuple([r])),
        v.clone(),
        (v, r).prop_map(|(v, r)| Term::tuple([v, Term::Int(9), r])),
    ]
}

fn pinned() -> impl Strategy<Value = Option<Pinned>> {
    prop_oneof![
        Just(None),
        (1u64..6).prop_map(|id| Some(Pinned::Ref(Ref { id, owner: Pid(0) }))),
        (0u32..4).prop_map(|i| Some(Pinned::Pid(Pid(i)))),
    ]
}

/// Patterns a receive might use (with the pin, if any, as an extra condition).
#[derive(Copy, Clone, Debug)]
enum Pattern {
    Any,
    Pair,
    Down,
    Exit,
    Value(i64),
}

impl Pattern {
    fn accepts(self, m: &Term) -> bool {
        let Term::Tuple(v) = m else {
            return matches!(self, Pattern::Any);
        };
        match self {
            Pattern::Any => true,
            Pattern::Pair => v.len() == 2,
            Pattern::Down => v.len() == 5 && v[0].is_atom("DOWN"),
            Pattern::Exit => v.len() == 3 && v[0].is_atom("EXIT"),
            Pattern::Value(x) => v.last() == Some(&Term::Int(x)),
        }
    }
}

fn pattern() -> impl Strategy<Value = Pattern> {
    prop_oneof![
        Just(Pattern::Any),
        Just(Pattern::Pair),
        Just(Pattern::Down),
        Just(Pattern::Exit),
        (0i64..3).prop_map(Pattern::Value),
    ]
}

#[derive(Clone, Debug)]
enum Op {
    Push(Term),
    /// A DOWN held unbuilt ([`Mailbox::push_down`]): the reference, the pid, the reason.
    PushDown(u64, u32, i64),
    /// `demonitor(r, [:flush])`'s receive ([`Mailbox::flush_down`]).
    FlushDown(u64),
    /// A receive that has already looked at the first `skip` messages (numbers below).
    Take {
        skip: u8,
        pin: Option<Pinned>,
        pattern: Pattern,
    },
    Flush(Pinned, Pattern),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        6 => message().prop_map(Op::Push),
        2 => (1u64..6, 0u32..4, 0i64..4).prop_map(|(r, p, v)| Op::PushDown(r, p, v)),
        1 => (1u64..6).prop_map(Op::FlushDown),
        3 => (any::<u8>(), pinned(), pattern())
            .prop_map(|(skip, pin, pattern)| Op::Take { skip, pin, pattern }),
        1 => (pinned(), pattern()).prop_filter_map("a flush pins", |(p, pat)| p.map(|p| Op::Flush(p, pat))),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn the_indexed_receive_takes_what_the_plain_scan_takes(ops in prop::collection::vec(op(), 1..400)) {
        let mut mailbox = Mailbox::default();
        // The reference: (number, message), oldest first, scanned in full every time.
        let mut plain: Vec<(u64, Term)> = Vec::new();
        for op in ops {
            match op {
                Op::Push(m) => {
                    let seq = mailbox.push(m.clone());
                    plain.push((seq, m));
                }
                Op::PushDown(id, p, v) => {
                    let r = Ref { id, owner: Pid(0) };
                    let (why, _) = DownReason::ALL[v as usize];
                    let seq = mailbox.push_down(r, Pid(p), why);
                    let built = Term::tuple([
                        Term::atom("DOWN"),
                        Term::Ref(r),
                        Term::atom("process"),
                        Term::Pid(Pid(p)),
                        why.term(),
                    ]);
                    plain.push((seq, built));
                }
                Op::FlushDown(id) => {
                    let r = Ref { id, owner: Pid(0) };
                    // The oldest `{_, r, _, _, _}`, whatever its first element.
                    let expected = plain.iter().position(|(_, m)| {
                        matches!(m.as_tuple(), Some([_, Term::Ref(x), _, _, _]) if *x == r)
                    });
                    prop_assert_eq!(mailbox.flush_down(r), expected.is_some());
                    if let Some(i) = expected {
                        plain.remove(i);
                    }
                }
                Op::Take { skip, pin, pattern } => {
                    let from = plain.get(usize::from(skip)).map_or(mailbox.next_seq(), |(s, _)| *s);
                    let expected = plain.iter().position(|(s, m)| {
                        *s >= from && pin.is_none_or(|p| p.found_in(m)) && pattern.accepts(m)
                    });
                    if skip % 2 == 0 {
                        // What a receive does: find it and take it out, in one go.
                        let got = mailbox.take(from, pin, &mut |m| pattern.accepts(m));
                        prop_assert_eq!(got, expected.map(|i| plain.remove(i).1));
                    } else {
                        let got = mailbox.find(from, pin, &mut |m| pattern.accepts(m));
                        prop_assert_eq!(got, expected.map(|i| plain[i].0));
                        if let Some(i) = expected {
                            let (seq, m) = plain.remove(i);
                            prop_assert_eq!(mailbox.remove(seq), Some(m));
                        }
                    }
                }
                Op::Flush(pin, pattern) => {
                    mailbox.remove_all(pin, |m| pattern.accepts(m));
                    plain.retain(|(_, m)| !(pin.found_in(m) && pattern.accepts(m)));
                }
            }
            prop_assert_eq!(mailbox.len(), plain.len());
            let held: Vec<Term> = mailbox.messages().collect();
            let expected: Vec<Term> = plain.iter().map(|(_, m)| m.clone()).collect();
            prop_assert_eq!(held, expected);
            // Scans stay proportional to the mailbox: holes never outnumber messages by much.
            prop_assert!(mailbox.entries.len() <= 2 * mailbox.live + HOLES_KEPT + 1);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// The proportional search finds what a binary search finds, however the numbers held
    /// are spread: gaps of 1 (a run of arrivals), small ones (holes), and huge ones (a
    /// sweep after a long run of receives), in any mix.
    #[test]
    fn the_search_finds_the_first_entry_at_or_after_a_number(
        gaps in prop::collection::vec(prop_oneof![
            4 => Just(1u64),
            2 => 1u64..8,
            1 => 1u64..1_000_000,
        ], 1..300),
        probes in prop::collection::vec(any::<u64>(), 1..20),
    ) {
        let mut mailbox = Mailbox::default();
        let mut seq = 0;
        for gap in gaps {
            seq += gap;
            mailbox.entries.push_back(Entry { seq, msg: Some(Msg::Term(Term::Int(0))) });
        }
        let last = seq;
        for probe in probes.into_iter().map(|p| p % (last + 3)) {
            let expected = mailbox.entries.partition_point(|e| e.seq < probe);
            prop_assert_eq!(mailbox.start_of(probe), expected, "looking for {}", probe);
        }
    }
}

#[test]
fn an_entry_is_40_bytes_whether_its_down_is_built_or_not() {
    assert_eq!(std::mem::size_of::<Entry>(), 40);
    for (why, atom) in DownReason::ALL {
        assert_eq!(DownReason::of(&Term::atom(atom)), Some(why));
        assert!(why.term().is_atom(atom));
    }
    assert_eq!(DownReason::of(&Term::atom("boom")), None);
    assert_eq!(DownReason::of(&Term::Int(0)), None);
}

/// Awaiting in spawn order replies that came in reverse order: every message is looked at
/// through the index, a constant number of times.
#[test]
fn replies_in_reverse_order_are_found_through_the_index() {
    let n = 1_000u64;
    let mut mailbox = Mailbox::default();
    let r = |id| Ref { id, owner: Pid(0) };
    for id in (0..n).rev() {
        mailbox.push(Term::tuple([Term::Ref(r(id)), Term::Int(id as i64)]));
    }
    let mut looked = 0;
    for id in 0..n {
        let seq = mailbox
            .find(0, Some(Pinned::Ref(r(id))), &mut |_| {
                looked += 1;
                true
            })
            .expect("the reply is there");
        assert_eq!(
            mailbox.remove(seq),
            Some(Term::tuple([Term::Ref(r(id)), Term::Int(id as i64)]))
        );
    }
    assert!(mailbox.index.is_none(), "dropped with the last message");
    assert!(looked <= n, "{looked} messages looked at for {n} receives");
}

/// Many messages under one key (a tree of numbers), taken out of order from the middle:
/// each receive still takes the first match in arrival order, as the plain scan does.
#[test]
fn many_messages_under_one_pin_are_taken_from_the_middle() {
    let n = 100i64;
    let pid = Pid(3);
    let mut mailbox = Mailbox::default();
    for i in 0..n {
        mailbox.push(Term::tuple([
            Term::atom("EXIT"),
            Term::Pid(pid),
            Term::Int(i % 50),
        ]));
    }
    for k in 0..n {
        let want = Term::Int((k * 37) % 50);
        let mut fits = |m: &Term| m.as_tuple().is_some_and(|t| t[2] == want);
        let scanned = mailbox.find(0, None, &mut fits);
        let indexed = mailbox.find(0, Some(Pinned::Pid(pid)), &mut fits);
        assert_eq!(indexed, scanned, "receive {k}");
        let seq = indexed.expect("two of each value were sent");
        assert!(mailbox.remove(seq).is_some());
    }
    assert_eq!(mailbox.len(), 0);
}
