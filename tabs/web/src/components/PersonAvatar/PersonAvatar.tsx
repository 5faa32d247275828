/**
 * A person's avatar: their directory photo when they have one (fetched with the caller's
 * credentials, shown from an object URL), their initials otherwise.
 */
import { Avatar, type AvatarProps } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { PersonSummary } from '../../../../../core/onboarding/types';
import { useTabApi } from '../../api/api-context';

export function PersonAvatar(props: { person: PersonSummary | null; size?: AvatarProps['size'] }) {
  const api = useTabApi();
  const [src, setSrc] = useState<string | null>(null);
  const id = props.person?.hasPhoto ? props.person.id : null;
  useEffect(() => {
    if (!id || typeof URL.createObjectURL !== 'function') return;
    let url: string | null = null;
    let live = true;
    api.photo(id).then(
      (blob) => {
        if (!live || !blob) return;
        url = URL.createObjectURL(blob);
        setSrc(url);
      },
      // No photo is not an error worth showing: the initials stay.
      () => undefined,
    );
    return () => {
      live = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [api, id]);
  // Decorative: the name is always written next to it.
  return <Avatar name={props.person?.displayName} size={props.size ?? 40} image={src ? { src, alt: '' } : undefined} aria-hidden />;
}
