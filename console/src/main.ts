/** The console's entry: the page styles and the app shell. */
import './page.css';
import './app/console-app.ts';
