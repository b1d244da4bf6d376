import { Link } from 'react-router';
import { useTitle } from './title';

export default function NotFound() {
  useTitle('Page not found');
  return (
    <>
      <h1>Page not found</h1>
      <p>
        Nothing lives at this address. <Link to="/">Go home</Link>.
      </p>
    </>
  );
}
