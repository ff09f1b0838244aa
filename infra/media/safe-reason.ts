/**
 * A failure reason without server paths: every absolute path (`/srv/data/media-cache/t-1.wav`,
 * `C:\data\x.mp3`) becomes its last segment, so reasons shown in the API, Notion and the workflow
 * history say which file without saying where the server keeps it. URLs are left alone.
 */
export function withoutPaths(text: string): string {
  return text.replace(
    /(^|[\s'"(=:,])((?:[A-Za-z]:)?(?:[\\/][^\s'"\\/:,)]+)+[\\/]?)/g,
    (_m, lead: string, p: string) => {
      const last = p.split(/[\\/]/).filter(Boolean).at(-1) ?? '';
      return `${lead}${last}`;
    },
  );
}
