/* sk-test-quark-block.c: keep GLib's first quark block reachable under
 * LeakSanitizer.
 *
 * GLib allocates its quark table in a libglib constructor (g_quark_init,
 * 2048 slots) and, when a process passes 2048 quarks, moves to a bigger
 * table and drops the first one unfreed on purpose: lock-free readers may
 * still hold it (gquark.c). A whole GTK window takes a process past 2048
 * quarks, so every window test would report that block as a 16 KiB leak,
 * with a stack (malloc, g_malloc) that no suppression can tell apart from a
 * real leak: libglib has no frame pointers, and slow unwinding for a whole
 * window test is several times slower.
 *
 * Instead, before anything else runs, find the table through the pointer
 * GLib itself keeps in its data segment (the word whose target is a live
 * 2048-slot heap block holding the quark strings) and tell LeakSanitizer to
 * ignore that one block. Everything else is still checked.
 *
 * Compiled into each window test (window_test_dep in tests/meson.build);
 * does nothing without AddressSanitizer.
 */

#if defined(__SANITIZE_ADDRESS__)

#define _GNU_SOURCE 1
#include <glib.h>
#include <link.h>
#include <string.h>
#include <sanitizer/lsan_interface.h>

/* From libasan's allocator interface (GCC ships no header for it). */
int    __sanitizer_get_ownership (const volatile void *p);
size_t __sanitizer_get_allocated_size (const volatile void *p);

/* gquark.c: #define QUARK_BLOCK_SIZE 2048 */
#define GLIB_QUARK_BLOCK_SLOTS 2048

static gboolean
is_first_quark_block (guintptr word)
{
  const char * const *slots = (const char * const *) word;

  if (word == 0 || word % sizeof (gpointer) != 0)
    return FALSE;
  if (!__sanitizer_get_ownership (slots))
    return FALSE;
  if (__sanitizer_get_allocated_size (slots) != GLIB_QUARK_BLOCK_SLOTS * sizeof (gpointer))
    return FALSE;

  /* Slot 0 is NULL; slots 1 and 2 are the first two quarks' strings. */
  return slots[0] == NULL &&
         slots[1] != NULL && slots[1] == g_quark_to_string (1) &&
         slots[2] != NULL && slots[2] == g_quark_to_string (2);
}

static int
scan_libglib_cb (struct dl_phdr_info *info,
                 size_t               size,
                 void                *user_data)
{
  gboolean *found = user_data;

  (void) size;

  if (info->dlpi_name == NULL || strstr (info->dlpi_name, "libglib-2.0.so") == NULL)
    return 0;

  for (int i = 0; i < info->dlpi_phnum && !*found; i++)
    {
      const ElfW(Phdr) *phdr = &info->dlpi_phdr[i];
      const guintptr *words;
      gsize n_words;

      if (phdr->p_type != PT_LOAD || (phdr->p_flags & PF_W) == 0)
        continue;

      words = (const guintptr *) (info->dlpi_addr + phdr->p_vaddr);
      n_words = phdr->p_memsz / sizeof (guintptr);
      for (gsize w = 0; w < n_words; w++)
        {
          if (is_first_quark_block (words[w]))
            {
              __lsan_ignore_object ((const void *) words[w]);
              *found = TRUE;
              break;
            }
        }
    }

  return 1;
}

__attribute__ ((constructor)) static void
sk_test_keep_glib_quark_block (void)
{
  gboolean found = FALSE;

  /* Two quarks, so slots 1 and 2 are set whatever ran before. */
  g_quark_from_static_string ("sk-test-quark-block-1");
  g_quark_from_static_string ("sk-test-quark-block-2");

  dl_iterate_phdr (scan_libglib_cb, &found);
  if (!found)
    g_printerr ("sk-test-quark-block: GLib's quark table was not found; "
                "a window test may report its first quark block as a leak\n");
}

#else

/* Without AddressSanitizer there is nothing to keep. */
typedef int sk_test_quark_block_unused;

#endif /* __SANITIZE_ADDRESS__ */
