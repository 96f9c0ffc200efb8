// Package importer brings other people's notes into a Parley vault:
// Evernote exports (.enex), Markdown folders and Obsidian vaults (a folder
// or a .zip of one), and Parley's own JSON backups.
//
// The GUI's Import menu and the CLI's import command both call Run:
//
//	rep, err := importer.Run(ctx, nb, importer.Options{
//		Format: importer.FormatENEX, // or FormatMarkdown, FormatJSON; "" detects each path's
//		Paths:  []string{"Notebook.enex"},
//	}, func(p app.Progress) { /* show p.Stage, p.Done of p.Total */ })
//
// Run writes through the Notebook only (Store for records, PutAttachment
// for their files), so nothing lands outside the vault, nothing in it is
// overwritten, and the index stays in step. Its error is for what stops
// the whole import (no paths, an unknown format, a read-only vault, a
// cancelled ctx, which still returns the report so far); everything about
// one file or one note is in the Report: Imported (with Warnings when
// something was changed or left out), Skipped (with the Reason: already
// in the vault, an empty export, a symbolic link not followed, files no
// note links to) and Failed (with the Reason). Report.OK says whether
// nothing failed; Item.Err wraps ErrDuplicate, ErrUnsafeArchive,
// ErrUnsafePath, ErrTooLarge or ErrMalformed for callers that sort them.
//
// # Identity: importing twice adds nothing
//
// Each item is looked up by its identity before it is written, and an
// imported record carries a content_hash that identifies what it was made
// from (except a file Parley wrote, which keeps its id and comes back as
// it was):
//
//   - ENEX: the SHA-256 of the note's title, creation time, ENML and
//     resources. Two Evernote notes clipped from one URL are still two
//     notes (their contents differ), so a URL that is in the vault already
//     earns a warning, never a silent skip.
//   - Markdown: the Parley id in the front matter when there is one (a
//     Parley export), else the front matter's content_hash, else the
//     SHA-256 of the file (line endings normalised).
//   - JSON backup: the record's id.
//
// # Evernote
//
// An .enex file is streamed note by note: a scanner cuts the stream at
// <note> boundaries (outside CDATA and comments) and each note is decoded
// on its own, so a huge export is never in memory whole (one note is, up
// to Limits.MaxNoteBytes), and a malformed note is reported with its file,
// number, title and line while the notes around it are imported. A note
// whose ENML breaks the XML (CDATA nested in CDATA, a stray ]]>) is
// repaired where possible and imported with a warning. ENML is sanitised
// with bluemonday (scripts, event attributes, javascript: and data: URLs,
// frames, objects, forms, SVG and MathML go) before it becomes Markdown;
// en-media becomes a link to its resource, saved under attachments/<id>/
// (an image as ![](...)); resources no en-media shows are listed under
// "Attachments" at the end; en-todo becomes a task box; en-crypt a
// clearly marked block that keeps the ciphertext, since Parley cannot
// decrypt it. Web clips (source web.clip*, the web clipper application,
// or Evernote 10's clipped-content style) with an http(s) source become
// clips with url, site and byline; other notes become notes (keeping a
// source URL as url). Note attributes Parley has no field for (place,
// coordinates, source application, reminders, application data) are kept
// as evernote_* properties. A folder or .zip of .enex files imports each.
//
// # Markdown folders and Obsidian vaults
//
// Every .md file becomes a record; hidden folders (.obsidian, .git,
// .trash) are ignored. Front matter properties that match Parley's fields
// are mapped, and the originals stay: title, tags/tag, created (and
// "date created"...), updated/modified, source/url/link -> url,
// author/authors -> byline (wiki-link brackets removed), published,
// description/summary -> excerpt, site_name -> site, language -> lang.
// Every other property is kept as it is, in its place, with its comments.
// A property with a Parley name whose value Parley cannot use (status:
// reading, type: book) is kept as original_<name>, with a warning. A note
// with an http(s) source URL becomes a clip. The title is the front
// matter's, else the file name, so [[wiki links]] (kept as written) still
// resolve. Files the notes link to (![](x.png), ![[x.png|300]], <img src>,
// [[file.pdf]]) are copied into attachments/<id>/ and the links rewritten;
// links to notes and web addresses, and anything in code, are untouched.
// A folder laid out as a Parley vault (the Markdown export) comes back
// byte for byte: its records keep their ids, and the files of
// attachments/<id>/ go back to record <id>, linked or not.
// Folders are kept below the record's type folder (References/Kyoto.md ->
// notes/References/Kyoto.md); a top folder that sorts notes by kind
// (Clippings/, Notes/, a Parley export's clips/ and notes/) gives way to
// the type folder. A folder inside the vault is refused, and a folder
// that holds the vault skips it.
//
// A file whose front matter is not valid YAML is imported as a note with
// a warning: nothing is dropped, the broken block is kept verbatim in a
// yaml code block at the top of the body (the whole file, when the block
// never closes).
//
// # Parley JSON backups
//
// Every record file is restored at its path when that path is free (else
// at a free name beside it, with a warning) and written by the Notebook,
// which gives back Parley's own files byte for byte; a file Parley would
// write differently (one edited by hand) is restored with a warning, and
// one that is not a well-formed record comes back as a note holding its
// text. Every attachment is restored at its path; one that exists with
// other content is skipped.
//
// # Hostile input
//
// Archives and paths are hostile until proven safe. A .zip is checked
// whole before anything is imported: entries with ../, absolute, drive or
// UNC paths, symbolic links and other special files, more than
// Limits.MaxEntries entries, a declared size above Limits.MaxFileBytes for
// one entry or Limits.MaxArchiveBytes in all (a 10 GB entry is refused up
// front), or a compression ratio above Limits.MaxRatio make Run reject the
// archive (ErrUnsafeArchive) and import nothing from it; actual sizes are
// enforced again while reading. In folders, symbolic links are never
// followed. Paths in backups must be clean, relative and outside hidden
// folders. Links in notes are resolved only against the files listed from
// the source, never opened as paths, and every name written is made safe
// with vault.SafeName.
package importer
