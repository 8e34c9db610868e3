import { useState } from 'react';
import { useT } from '../ui/useT.ts';
import { signIn } from '../controllers/liveActions.ts';
import { useAppStore } from '../state/store.ts';

/**
 * A duty officer's sign-in: the broker checks the login, and only an operator's login may send
 * commands. The login is kept for this tab only (sessionStorage), never in the URL.
 */
export function SignIn() {
  const t = useT();
  const operator = useAppStore((s) => s.operator);
  const kiosk = useAppStore((s) => s.runtime?.kiosk ?? false);
  const [open, setOpen] = useState(false);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  if (kiosk) return null;
  if (operator)
    return (
      <span className="sign-in">
        <span data-testid="operator-name">{operator}</span>
        <button type="button" data-testid="sign-out" onClick={() => signIn()}>
          {t('signOut')}
        </button>
      </span>
    );
  if (!open)
    return (
      <button type="button" className="sign-in" data-testid="sign-in" onClick={() => setOpen(true)}>
        {t('signIn')}
      </button>
    );
  return (
    <form
      className="sign-in-form"
      data-testid="sign-in-form"
      onSubmit={(e) => {
        e.preventDefault();
        signIn(username.trim(), password);
        setPassword('');
        setOpen(false);
      }}
    >
      <input className="text-input" type="text" name="username" autoComplete="username" required value={username} placeholder={t('username')} aria-label={t('username')} onChange={(e) => setUsername(e.target.value)} />
      <input className="text-input" type="password" name="password" autoComplete="current-password" required value={password} placeholder={t('password')} aria-label={t('password')} onChange={(e) => setPassword(e.target.value)} />
      <div className="button-row">
        <button type="submit" data-testid="sign-in-submit">
          {t('signIn')}
        </button>
        <button type="button" onClick={() => setOpen(false)}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}
