import { Hono } from 'hono';
import type { AppEnv } from '../env.js';

export const timelinesRoutes = new Hono<AppEnv>();
