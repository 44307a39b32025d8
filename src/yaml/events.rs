//! The events of a YAML text, with the place where each starts, read with libyaml
//! (`unsafe-libyaml`, the parser serde_yaml itself reads with). serde_yaml keeps its
//! events to itself; reading them here is the only way to know where every node is
//! in one pass. This is the crate's only `unsafe` code: each call follows
//! libyaml's documented contract (an initialised parser that does not move, an input
//! that outlives it, every event deleted once read, the parser deleted once done).

use std::mem::MaybeUninit;
use std::slice;

/// What [`super::walk`] needs of an event.
pub(super) enum Event {
    /// A scalar: its value, whether it was written plain (no quotes, no block), and
    /// its anchor.
    Scalar {
        text: String,
        plain: bool,
        anchor: Option<String>,
    },
    /// An alias (`*name`).
    Alias(String),
    /// The start of a mapping (`mapping`) or of a sequence, and its anchor.
    Open {
        mapping: bool,
        anchor: Option<String>,
    },
    /// The end of a mapping or of a sequence.
    Close,
}

/// The events of one text, read one at a time.
pub(super) struct Events<'t> {
    /// The parser; boxed, because libyaml keeps pointers into it.
    parser: Box<MaybeUninit<unsafe_libyaml::yaml_parser_t>>,
    /// The text, which the parser reads from (kept borrowed while it lives).
    _text: &'t [u8],
    /// Whether the parser was initialised (and must be deleted).
    ready: bool,
    /// Whether the first document ended or the parser failed.
    done: bool,
}

impl<'t> Events<'t> {
    /// A parser reading `text`.
    pub(super) fn new(text: &'t [u8]) -> Events<'t> {
        let mut parser = Box::new(MaybeUninit::<unsafe_libyaml::yaml_parser_t>::uninit());
        // SAFETY: `parser` is allocated and stays at the same address (boxed) until
        // `drop` deletes it; `text` outlives the parser (the borrow `'t`).
        let ready = unsafe {
            let ptr = parser.as_mut_ptr();
            let ready = !unsafe_libyaml::yaml_parser_initialize(ptr).fail;
            if ready {
                unsafe_libyaml::yaml_parser_set_encoding(ptr, unsafe_libyaml::YAML_UTF8_ENCODING);
                unsafe_libyaml::yaml_parser_set_input_string(ptr, text.as_ptr(), text.len() as u64);
            }
            ready
        };
        Events {
            parser,
            _text: text,
            ready,
            done: !ready,
        }
    }

    /// The next node event of the first document, with its 1-based line and column;
    /// `None` at its end or at a syntax error.
    pub(super) fn next(&mut self) -> Option<(Event, (usize, usize))> {
        while !self.done {
            let mut event = MaybeUninit::<unsafe_libyaml::yaml_event_t>::uninit();
            // SAFETY: the parser is initialised and has not failed (`done` is false); an event that
            // `yaml_parser_parse` fills is read, then deleted once, before the next.
            unsafe {
                let parser = self.parser.as_mut_ptr();
                if unsafe_libyaml::yaml_parser_parse(parser, event.as_mut_ptr()).fail {
                    self.done = true;
                    return None;
                }
                let raw = &*event.as_ptr();
                let mark = (
                    raw.start_mark.line as usize + 1,
                    raw.start_mark.column as usize + 1,
                );
                let read = match raw.type_ {
                    unsafe_libyaml::YAML_SCALAR_EVENT => {
                        let scalar = raw.data.scalar;
                        let bytes = slice::from_raw_parts(scalar.value, scalar.length as usize);
                        Some(Event::Scalar {
                            text: String::from_utf8_lossy(bytes).into_owned(),
                            plain: scalar.style == unsafe_libyaml::YAML_PLAIN_SCALAR_STYLE,
                            anchor: name(scalar.anchor),
                        })
                    }
                    unsafe_libyaml::YAML_ALIAS_EVENT => Some(Event::Alias(
                        name(raw.data.alias.anchor).unwrap_or_default(),
                    )),
                    unsafe_libyaml::YAML_MAPPING_START_EVENT => Some(Event::Open {
                        mapping: true,
                        anchor: name(raw.data.mapping_start.anchor),
                    }),
                    unsafe_libyaml::YAML_SEQUENCE_START_EVENT => Some(Event::Open {
                        mapping: false,
                        anchor: name(raw.data.sequence_start.anchor),
                    }),
                    unsafe_libyaml::YAML_MAPPING_END_EVENT
                    | unsafe_libyaml::YAML_SEQUENCE_END_EVENT => Some(Event::Close),
                    unsafe_libyaml::YAML_DOCUMENT_END_EVENT
                    | unsafe_libyaml::YAML_STREAM_END_EVENT => {
                        self.done = true;
                        None
                    }
                    _ => None,
                };
                unsafe_libyaml::yaml_event_delete(event.as_mut_ptr());
                if let Some(read) = read {
                    return Some((read, mark));
                }
            }
        }
        None
    }
}

/// An anchor's name, from libyaml's NUL-terminated string (null for none).
///
/// # Safety
/// `ptr` is null or points to a NUL-terminated string that lives as long as the
/// event it belongs to.
unsafe fn name(ptr: *const u8) -> Option<String> {
    if ptr.is_null() {
        return None;
    }
    // SAFETY: see the function's contract.
    let name = unsafe { std::ffi::CStr::from_ptr(ptr.cast()) };
    Some(name.to_string_lossy().into_owned())
}

impl Drop for Events<'_> {
    fn drop(&mut self) {
        if self.ready {
            // SAFETY: initialised in `new`, deleted once, here.
            unsafe { unsafe_libyaml::yaml_parser_delete(self.parser.as_mut_ptr()) }
        }
    }
}
