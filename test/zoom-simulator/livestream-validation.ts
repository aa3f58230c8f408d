import type { LiveStreamSettings, ParsedLiveStreamBody } from './types';

export interface FieldError {
  readonly field: string;
  readonly message: string;
}

export type ValidatedCommand =
  | { readonly ok: true; readonly action: 'start' | 'stop' | 'mode'; readonly settings?: LiveStreamSettings }
  | { readonly ok: false; readonly errors: readonly FieldError[] };

const LAYOUTS = ['follow_host', 'gallery_view', 'speaker_view'];
const CLOSE_CAPTIONS = ['burnt-in', 'embedded', 'off'];

/** Webinar live streams take only these two settings. */
const WEBINAR_SETTINGS = ['active_speaker_name', 'display_name'];

/**
 * Checks a live stream status body the way Zoom's schema does: `action` start|stop (and mode for
 * meetings) and the known
 * settings' types and values. For meetings unknown settings keys pass, as Zoom ignores fields it
 * does not know; a webinar's schema lists two settings only and refuses any other.
 */
export function validateLiveStreamCommand(body: ParsedLiveStreamBody, webinar = false): ValidatedCommand {
  const errors: FieldError[] = [];
  const { action, settings } = body;
  if (action === undefined) errors.push({ field: 'action', message: 'Required field.' });
  // `mode` (changing the view of a running stream) exists for meetings only.
  else if (action !== 'start' && action !== 'stop' && (webinar || action !== 'mode')) errors.push({ field: 'action', message: 'Invalid field.' });

  if (settings !== undefined && (typeof settings !== 'object' || settings === null || Array.isArray(settings))) {
    errors.push({ field: 'settings', message: 'Invalid field.' });
  } else if (settings !== undefined) {
    errors.push(...validateSettings(settings as Record<string, unknown>));
    if (webinar) {
      for (const key of Object.keys(settings)) {
        const field = `settings.${key}`;
        if (!WEBINAR_SETTINGS.includes(key) && !errors.some((e) => e.field === field)) errors.push({ field, message: 'Not allowed for a webinar.' });
      }
    }
  }

  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    action: action as 'start' | 'stop' | 'mode',
    ...(settings !== undefined ? { settings: settings as LiveStreamSettings } : {}),
  };
}

function validateSettings(settings: Record<string, unknown>): FieldError[] {
  const errors: FieldError[] = [];
  const invalid = (key: string, message: string): void => {
    errors.push({ field: `settings.${key}`, message });
  };
  const { active_speaker_name, display_name, layout, close_caption } = settings;
  if (active_speaker_name !== undefined && typeof active_speaker_name !== 'boolean') {
    invalid('active_speaker_name', 'Invalid field.');
  }
  if (display_name !== undefined) {
    if (typeof display_name !== 'string') invalid('display_name', 'Invalid field.');
    else if (display_name.length < 1 || display_name.length > 50) invalid('display_name', 'Length must be between 1 and 50.');
  }
  if (layout !== undefined && !LAYOUTS.includes(layout as string)) invalid('layout', 'Invalid field.');
  if (close_caption !== undefined && !CLOSE_CAPTIONS.includes(close_caption as string)) {
    invalid('close_caption', 'Invalid field.');
  }
  return errors;
}
