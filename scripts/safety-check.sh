#!/usr/bin/env bash
# Every unsafe memory access in Sources/ carries a one-line `// SAFETY:` reason saying why it is
# in bounds (or alive), the house habit of ../shared/docs/architecture.md: on the access's line,
# or above it in the same paragraph — no blank line and no declaration that opens a body (func,
# init, subscript, a computed var) in between — so that one note can cover the reads after one
# length check; a note in the comment lines right above a declaration covers that declaration.
# Prints path:line of each access without a note and exits 1 if there is any (scripts/lint.sh
# runs it); `--count` prints how many access lines and notes there are.
#
# What counts as an access: raw loads and stores (load, loadUnaligned, storeBytes, copyMemory,
# initialize, deinitialize), rebinding (assumingMemoryBound, bindMemory, withMemoryRebound),
# pointee, buffer views made from a pointer or a slice (Unsafe…Pointer(start:), (rebasing:)),
# pointer conversions (Unsafe…Pointer(…)), `baseAddress! + n`, memmove/memcpy, C strings
# (String(cString:)), Unmanaged and _withUnsafeGuaranteedRef, the withUnsafe… scopes (a pointer
# must not leave them), and the unchecked helpers: PacketWire's be16/be32/byte(p, …),
# MACAddress(p…) and IPAddress(ipv4At:/ipv6At:), CaptureIO's load.u16/u32/u64. Not counted:
# subscripts of Unsafe(Raw)BufferPointer (bounds-checked in debug builds) and arithmetic on a
# pointer held under another name (its note sits with the access it feeds).
set -uo pipefail
cd "$(dirname "$0")/.."
mode=${1:-check}
mapfile -t files < <(git ls-files --cached --others --exclude-standard 'Sources/*.swift' 2>/dev/null || find Sources -name '*.swift')
awk -v mode="$mode" '
function access(s) {
    return s ~ /\.load\((as|fromByteOffset):|\.loadUnaligned\(|\.storeBytes\(|copyMemory\(|\.initialize\(|\.deinitialize\(|assumingMemoryBound\(|bindMemory\(|withMemoryRebound\(|\.pointee|Unsafe[A-Za-z]*Pointer\((start|rebasing):|Unsafe(Mutable)?(Raw)?Pointer\(|String\(cString:|_withUnsafeGuaranteedRef|Unmanaged|withUnsafe[A-Za-z]*( *\(| *\{)|(^|[^A-Za-z0-9_])(be16|be32|byte)\(p, |MACAddress\(p|ipv[46]At:|baseAddress! \+|memmove\(|memcpy\(|load\.u(16|32|64)\(/
}
FNR == 1 { covered = 0; pending = 0 }
{
    line = $0
    code = line
    sub(/\/\/.*$/, "", code)
    note = (line ~ /\/\/ SAFETY:/)
    if (note) notes++
    if (code ~ /^[ \t]*$/) {
        # A comment line keeps the paragraph going (and a note in it covers what follows); a
        # blank line ends it.
        if (line ~ /\/\//) { if (note) { covered = 1; pending = 1 } } else { covered = 0; pending = 0 }
        next
    }
    # A declaration that opens a body starts a new paragraph: covered only by a note on its line
    # or in the comment lines right above it.
    if (code ~ /\{[ \t]*$/ && (code ~ /^[ \t]*((@[A-Za-z_(),: ]+|public|private|fileprivate|internal|static|mutating|nonmutating|override|final|nonisolated)[ \t]+)*(func|init[?!]?|subscript|deinit)[ \t(<{]/ ||
        code ~ /^[ \t]*((@[A-Za-z_]+|public|private|fileprivate|internal|static|override|final|lazy|nonisolated)[ \t]+)*(var|let)[ \t][^=]*\{[ \t]*$/)) {
        covered = pending || note
    } else if (note) {
        covered = 1
    }
    pending = 0
    if (access(code)) {
        accesses++
        if (!covered) { missing++; if (mode == "check") print FILENAME ":" FNR ": unsafe access without a // SAFETY: note: " substr(line, 1, 120) }
    }
}
END {
    if (mode == "--count") print accesses + 0 " unsafe access lines, " notes + 0 " // SAFETY: notes, " missing + 0 " access lines without one"
    exit (mode == "check" && missing > 0) ? 1 : 0
}' "${files[@]}"
